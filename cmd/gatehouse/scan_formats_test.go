package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/schema/schematest"
)

func TestScanFormats(t *testing.T) {
	g := feature(t, nil)
	g.Write("ok.go", "package ok\n").Commit("ok")
	g.Write("dir with space/.env", "A=1\n").Commit("env")
	g.Write("id_rsa", "k").Stage()

	t.Run("json", func(t *testing.T) {
		r := runScanIn(t, g.Dir, nil, "--format", "json", "--progress")
		if r.code != 1 {
			t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
		}
		if err := schematest.Validate(schematest.ScanOutput(t), []byte(r.stdout)); err != nil {
			t.Fatalf("stdout is not a valid report: %v\n%s", err, r.stdout)
		}
		var rep struct {
			Range    struct{ Base string }
			Verdict  struct{ Conclusion string }
			Findings []struct {
				Path, Commit string
				Blocking     bool
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Range.Base != "main" || rep.Verdict.Conclusion != "failure" || len(rep.Findings) != 1 || rep.Findings[0].Path != "dir with space/.env" || len(rep.Findings[0].Commit) != 40 {
			t.Errorf("report = %+v", rep)
		}
		if !strings.Contains(r.stderr, "read 2/2 commits") || !strings.Contains(r.stderr, "gatehouse scan: FAIL:") {
			t.Errorf("stderr = %q, want progress and a verdict line", r.stderr)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		r := runScanIn(t, g.Dir, nil, "--format=sarif", "--staged")
		if r.code != 1 {
			t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
		}
		if err := schematest.Validate(schematest.SARIF(t), []byte(r.stdout)); err != nil {
			t.Fatalf("invalid SARIF: %v\n%s", err, r.stdout)
		}
		for _, want := range []string{`"ruleId": "dlp/forbidden-file"`, `"uri": "id_rsa"`, `"startLine": 1`, `"name": "gatehouse"`} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("SARIF lacks %s:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("text has no colour off a terminal", func(t *testing.T) {
		r := runScanIn(t, g.Dir, nil)
		if strings.Contains(r.stdout, "\x1b[") {
			t.Errorf("colour codes in a redirected report:\n%s", r.stdout)
		}
	})
}

func TestScanOffline(t *testing.T) {
	g := feature(t, nil)
	g.Write("go.mod", "module demo\n\ngo 1.22\n").Commit("module")
	r := runScanIn(t, g.Dir, nil, "--offline")
	if r.code != 0 || !strings.Contains(r.stdout, "offline: dependency advisories and licences are not checked") {
		t.Errorf("exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runScanIn(t, g.Dir, map[string]string{"GATEHOUSE_OSV_DIR": "/srv/osv"}, "--offline")
	if !strings.Contains(r.stdout, "offline: dependency advisories come from /srv/osv") {
		t.Errorf("the note does not name the advisory directory:\n%s", r.stdout)
	}
	cfg := scanServerConfig(&scanOptions{offline: true}, func(string) string { return "" })
	if cfg.OSVURL != "off" || cfg.DepsDevURL != "off" {
		t.Errorf("offline config: OSV %q, deps.dev %q; want both off", cfg.OSVURL, cfg.DepsDevURL)
	}
}
