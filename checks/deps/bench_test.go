package deps

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// syntheticLock renders a package-lock.json v3 of n packages; the first
// changed ones get version 1.0.1 instead of 1.0.0.
func syntheticLock(tb testing.TB, n, changed int) []byte {
	tb.Helper()
	type entry struct {
		Version   string            `json:"version,omitempty"`
		Resolved  string            `json:"resolved,omitempty"`
		Integrity string            `json:"integrity,omitempty"`
		License   string            `json:"license,omitempty"`
		Deps      map[string]string `json:"dependencies,omitempty"`
	}
	pkgs := map[string]entry{}
	root := entry{Deps: map[string]string{}}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("bench-pkg-%04d", i)
		v := "1.0.0"
		if i < changed {
			v = "1.0.1"
		}
		if i%10 == 0 {
			root.Deps[name] = "^1.0.0"
		}
		pkgs["node_modules/"+name] = entry{Version: v, License: "MIT",
			Resolved:  "https://registry.npmjs.org/" + name + "/-/" + name + "-" + v + ".tgz",
			Integrity: "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="}
	}
	pkgs[""] = root
	b, err := json.MarshalIndent(map[string]any{"name": "bench", "lockfileVersion": 3, "requires": true, "packages": pkgs}, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// syntheticAdvisories affects one in fifty synthetic packages at 1.0.1.
func syntheticAdvisories(n int) map[string][]byte {
	out := make(map[string][]byte)
	for i := 0; i < n; i += 50 {
		id := fmt.Sprintf("GHSA-bench-%04d", i)
		out[id] = []byte(fmt.Sprintf(`{"id":%q,"modified":"2024-01-01T00:00:00Z","summary":"synthetic","database_specific":{"severity":"HIGH"},`+
			`"affected":[{"package":{"ecosystem":"npm","name":"bench-pkg-%04d"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"1.0.1"},{"fixed":"1.0.2"}]}]}]}`, id, i))
	}
	return out
}

func benchChangeSet(b *testing.B, n, changed int) *checks.ChangeSet {
	base := map[string][]byte{"package-lock.json": syntheticLock(b, n, 0)}
	head := map[string][]byte{"package-lock.json": syntheticLock(b, n, changed)}
	cs, _ := changeSetOf(base, head)
	return cs
}

// BenchmarkDiff5000Local: two 5,000-package lockfiles, 1,000 upgraded,
// parsed, diffed and matched against a local advisory directory.
func BenchmarkDiff5000Local(b *testing.B) {
	dir := b.TempDir()
	writeRecords(b, dir, syntheticAdvisories(5000))
	writeRecords(b, dir, loadRecords(b, filepath.Join("testdata", "osv")))
	c := New(Options{OSVDir: dir, DepsDevURL: "off"})
	cs := benchChangeSet(b, 5000, 1000)
	p := config.Default()
	var r *checks.Result
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if r, err = c.Run(context.Background(), cs, p); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got := len(r.Blocking()); got != 20 {
		b.Fatalf("%d blocking findings, want 20", got)
	}
}

// BenchmarkDiff5000API counts OSV API calls for the same diff: one querybatch
// per 1,000 changed packages, none for the 4,000 unchanged.
func BenchmarkDiff5000API(b *testing.B) {
	for _, changed := range []int{1000, 2500} {
		b.Run(fmt.Sprintf("changed=%d", changed), func(b *testing.B) {
			o := newFakeOSV(b, syntheticAdvisories(5000))
			c := New(Options{OSVURL: o.srv.URL, DepsDevURL: "off"})
			cs := benchChangeSet(b, 5000, changed)
			p := config.Default()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Run(context.Background(), cs, p); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(o.batches.Load())/float64(b.N), "querybatch/op")
			b.ReportMetric(float64(o.queries.Load())/float64(b.N), "queries/op")
			b.ReportMetric(float64(o.gets.Load())/float64(b.N), "vuln-gets/op")
		})
	}
}

func writeRecords(tb testing.TB, dir string, recs map[string][]byte) {
	tb.Helper()
	for id, data := range recs {
		if err := writeFile(filepath.Join(dir, id+".json"), data); err != nil {
			tb.Fatal(err)
		}
	}
}
