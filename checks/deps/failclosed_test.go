package deps

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
	"github.com/gatehouse-sec/gatehouse/config"
)

func TestNoManifestMeansNoSourceCalls(t *testing.T) {
	c, o, d := newTestCheck(t)
	src := &fakeSource{}
	cs := &checks.ChangeSet{BaseSHA: baseSHA, HeadSHA: headSHA, Source: src, Files: []checks.File{
		{Path: "main.go", Status: "modified"}, {Path: "docs/package.json.md", Status: "added"},
		{Path: "node_modules/x/package.json", Status: "added"},
	}}
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if r.Conclusion != checks.Success || r.Title != "No dependency changes" {
		t.Errorf("got %s %q", r.Conclusion, r.Title)
	}
	if n := src.calls.Load() + o.batches.Load() + d.calls.Load(); n != 0 {
		t.Errorf("%d calls made for a change set without manifests", n)
	}
}

func TestDisabledByPolicy(t *testing.T) {
	c, _, _ := newTestCheck(t)
	cs, src := caseChangeSet(t, "npm-downgrade")
	p := config.Default()
	p.Dependencies.Enabled = false
	r, err := c.Run(context.Background(), cs, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Conclusion != checks.Neutral || src.calls.Load() != 0 {
		t.Errorf("conclusion %s after %d reads", r.Conclusion, src.calls.Load())
	}
}

func TestOSVUnreachableFailsClosed(t *testing.T) {
	o := newFakeOSV(t, loadRecords(t, filepath.Join("testdata", "osv")))
	o.fail.Store(true)
	c := New(Options{OSVURL: o.srv.URL, DepsDevURL: "off"})
	c.advisories.(*osv.API).Backoff = time.Millisecond
	cs, _ := caseChangeSet(t, "npm-downgrade")
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if r.Conclusion != checks.Failure || !strings.Contains(r.Title, "advisory database unavailable") {
		t.Errorf("got %s %q", r.Conclusion, r.Title)
	}
	if !hasFinding(r, wantFinding{RuleAdvisoriesDown, "Advisory database unavailable", checks.LevelFailure, false}) {
		t.Errorf("no unavailable finding:\n%s", findingsSummary(r))
	}
	if r.Unfinished == "" {
		t.Error("the result does not ask for a retry")
	}
	if got := o.batches.Load(); got != 3 {
		t.Errorf("querybatch tried %d times, want 3", got)
	}
}

func TestOSVConnectionRefusedFailsClosed(t *testing.T) {
	o := newFakeOSV(t, nil)
	url := o.srv.URL
	o.srv.Close() // nothing listens there any more
	c := New(Options{OSVURL: url, DepsDevURL: "off"})
	c.advisories.(*osv.API).Backoff = time.Millisecond
	cs, _ := caseChangeSet(t, "go")
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if r.Conclusion != checks.Failure || len(r.Blocking()) == 0 || r.Blocking()[0].RuleID != RuleAdvisoriesDown {
		t.Errorf("got %s:\n%s", r.Conclusion, findingsSummary(r))
	}
}

func TestDepsDevUnreachableLeavesLicencesUnknown(t *testing.T) {
	o := newFakeOSV(t, loadRecords(t, filepath.Join("testdata", "osv")))
	d := newFakeDepsDev(t, testLicenses)
	d.fail.Store(true)
	c := New(Options{OSVURL: o.srv.URL, DepsDevURL: d.srv.URL})
	c.licenses.Backoff = time.Millisecond
	cs, _ := caseChangeSet(t, "ruby-platform")
	for _, unknown := range []string{"warn", "fail"} {
		t.Run(unknown, func(t *testing.T) {
			p := config.Default()
			p.Dependencies.Licenses.Unknown = unknown
			r, err := c.Run(context.Background(), cs, p)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]checks.Conclusion{"warn": checks.Success, "fail": checks.Failure}[unknown]
			if r.Conclusion != want {
				t.Errorf("conclusion %s, want %s:\n%s", r.Conclusion, want, findingsSummary(r))
			}
			if !strings.Contains(r.Summary, "deps.dev could not be reached") || !strings.Contains(r.Summary, "unknown (deps.dev unreachable)") {
				t.Errorf("summary does not say deps.dev was unreachable:\n%s", r.Summary)
			}
			// Gatehouse retries a result that fails only for want of deps.dev.
			if retry := r.Unfinished != ""; retry != (unknown == "fail") {
				t.Errorf("asks for a retry: %v (%q), want %v", retry, r.Unfinished, unknown == "fail")
			}
		})
	}
}

func TestUpgradeOutOfAdvisoriesPasses(t *testing.T) {
	c, o, _ := newTestCheck(t)
	down, _ := caseChangeSet(t, "npm-downgrade")
	src := down.Source.(*fakeSource)
	// The same pull request the other way round: 4.17.15 → 4.17.21.
	rev := &fakeSource{files: map[string]map[string][]byte{baseSHA: src.files[headSHA], headSHA: src.files[baseSHA]}}
	cs := &checks.ChangeSet{BaseSHA: baseSHA, HeadSHA: headSHA, Source: rev, Files: down.Files}
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if r.Conclusion != checks.Success || len(r.Findings) != 0 {
		t.Errorf("got %s:\n%s", r.Conclusion, findingsSummary(r))
	}
	if !strings.Contains(r.Summary, "| lodash | upgraded | 4.17.15 → 4.17.21 |") || !strings.Contains(r.Summary, "| core-js | removed |") {
		t.Errorf("summary:\n%s", r.Summary)
	}
	if q := o.queries.Load(); q != 1 {
		t.Errorf("%d versions queried, want 1 (lodash 4.17.21 only)", q)
	}
}

func TestOnlyNewVersionsAreQueriedAndDetailsCached(t *testing.T) {
	c, o, d := newTestCheck(t)
	cs, _ := caseChangeSet(t, "npm-downgrade")
	for i := 0; i < 2; i++ {
		if _, err := c.Run(context.Background(), cs, config.Default()); err != nil {
			t.Fatal(err)
		}
	}
	// lodash 4.17.15 and core-js 3.37.1 per run; minimist and semver are unchanged.
	if q := o.queries.Load(); q != 4 {
		t.Errorf("%d queries over two runs, want 4", q)
	}
	if g := o.gets.Load(); g != 2 {
		t.Errorf("%d vuln fetches over two runs, want 2 (cached by id)", g)
	}
	// core-js and lodash licences come from the lockfile: no deps.dev call.
	if n := d.calls.Load(); n != 0 {
		t.Errorf("%d deps.dev calls, want 0", n)
	}
}

func TestPaginatedQueryBatch(t *testing.T) {
	o := newFakeOSV(t, loadRecords(t, filepath.Join("testdata", "osv")))
	o.pageSize = 1
	c := New(Options{OSVURL: o.srv.URL, DepsDevURL: "off"})
	cs, _ := caseChangeSet(t, "npm-downgrade")
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"GHSA-p6mc-m468-83gw", "GHSA-35jh-r3h4-6jhm"} {
		if !hasFinding(r, wantFinding{RuleAdvisory, id, checks.LevelFailure, false}) {
			t.Errorf("%s lost across pages:\n%s", id, findingsSummary(r))
		}
	}
	if b := o.batches.Load(); b != 2 {
		t.Errorf("%d querybatch calls, want 2 (one follow-up page)", b)
	}
}

// TestLocalAdvisoryDirectory runs air-gapped: records as files, and as an all.zip.
func TestLocalAdvisoryDirectory(t *testing.T) {
	zipDir := t.TempDir()
	zf, err := os.Create(filepath.Join(zipDir, "all.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for id, b := range loadRecords(t, filepath.Join("testdata", "osv")) {
		w, err := zw.Create(id + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	for name, dir := range map[string]string{"json files": filepath.Join("testdata", "osv"), "all.zip": zipDir} {
		t.Run(name, func(t *testing.T) {
			c := New(Options{OSVDir: dir, DepsDevURL: "off"})
			for _, tc := range []struct {
				dir  string
				want string
			}{
				{"npm-downgrade", "lodash 4.17.15: GHSA-p6mc-m468-83gw"},
				{"go", "golang.org/x/net v0.15.0: GHSA-4374-p667-p6c8"},
				{"maven", "log4j-core 2.14.1: GHSA-jfh8-c2jp-5v3q"},
				{"npm-malware", "flatmap-stream 0.1.1: MAL-2025-20690"},
			} {
				cs, _ := caseChangeSet(t, tc.dir)
				r, err := c.Run(context.Background(), cs, config.Default())
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, f := range r.Blocking() {
					found = found || strings.Contains(f.Title, tc.want)
				}
				if !found {
					t.Errorf("%s: no blocking %q:\n%s", tc.dir, tc.want, findingsSummary(r))
				}
			}
		})
	}
	t.Run("missing directory fails closed", func(t *testing.T) {
		c := New(Options{OSVDir: filepath.Join(t.TempDir(), "nope"), DepsDevURL: "off"})
		cs, _ := caseChangeSet(t, "go")
		r, err := c.Run(context.Background(), cs, config.Default())
		if err != nil {
			t.Fatal(err)
		}
		if r.Conclusion != checks.Failure || r.Blocking()[0].RuleID != RuleAdvisoriesDown {
			t.Errorf("got %s:\n%s", r.Conclusion, findingsSummary(r))
		}
	})
}
