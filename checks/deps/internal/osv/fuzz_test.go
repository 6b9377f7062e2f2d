package osv

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzRecord feeds the advisory directory reader arbitrary records: an
// offline database is a directory of files someone else wrote. A record
// must load or be refused with an error naming it; a loaded record must
// match a package exactly when Match says so, never while withdrawn, give a
// fixed version only to an affected package, and rate within the scale.
// Run: go test -tags gore2regex -run '^$' -fuzz '^FuzzRecord$' ./checks/deps/internal/osv/
func FuzzRecord(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "osv", "*.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seed records: %v", err)
	}
	versions := []string{"1.0.0", "v0.3.7", "2.0.0rc1", "1.2.3-beta.1", "0.0.0", "", "1:2.3-4"}
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, versions[i%len(versions)])
	}
	f.Add([]byte(`{"id":"X","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"}]}],"versions":["1.0.0"]}],"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}`), "1.0.0")
	f.Fuzz(func(t *testing.T, data []byte, ver string) {
		db := NewFS(fstest.MapFS{"r.json": {Data: data}}, "mem")
		probe, err := db.Query(context.Background(), []Query{{Ecosystem: "npm", Name: "x", Version: ver}})
		if err != nil {
			if probe != nil || !strings.HasPrefix(err.Error(), "failed to load advisories from mem: r.json: ") {
				t.Fatalf("unclear refusal: %v", err)
			}
			return
		}
		v := onlyRecord(t, db)
		if lvl, score := Rate(v); lvl < Unknown || lvl > Critical || score < 0 || score > 10 {
			t.Fatalf("rated %v, %v", lvl, score)
		}
		var qs []Query
		for _, a := range v.Affected {
			eco, _, _ := strings.Cut(a.Package.Ecosystem, ":")
			qs = append(qs, Query{Ecosystem: eco, Name: a.Package.Name, Version: ver})
		}
		res, err := db.Query(context.Background(), qs)
		if err != nil {
			t.Fatalf("a loaded database failed: %v", err)
		}
		for i, q := range qs {
			hit, fixed := Match(v, q.Ecosystem, q.Name, q.Version)
			if hit != (len(res[i]) == 1) || len(res[i]) > 1 {
				t.Fatalf("%+v: Match says %v, the database answers %d records", q, hit, len(res[i]))
			}
			if hit && v.Withdrawn != "" {
				t.Fatalf("%+v: a withdrawn record matched", q)
			}
			if fixed != "" && !hit {
				t.Fatalf("%+v: fixed in %q but not affected", q, fixed)
			}
			if again, fixed2 := Match(v, q.Ecosystem, q.Name, q.Version); again != hit || fixed2 != fixed {
				t.Fatalf("%+v: two matches differ", q)
			}
		}
	})
}

// onlyRecord returns the one record a one-file database loaded.
func onlyRecord(t *testing.T, d *Dir) *Vuln {
	t.Helper()
	var v *Vuln
	for _, vs := range d.index {
		for _, x := range vs {
			if v != nil && x != v {
				t.Fatal("one file loaded as two records")
			}
			v = x
		}
	}
	if v == nil {
		// A record naming no package loads and matches nothing.
		return &Vuln{}
	}
	if v.ID == "" {
		t.Fatal("a record without an id loaded")
	}
	return v
}
