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

// TestScanSARIFOnInputErrors keeps the README's upload recipe working
// (gatehouse scan --format sarif > gatehouse.sarif || true): whatever stops
// the scan, stdout is a valid SARIF log that carries the error.
func TestScanSARIFOnInputErrors(t *testing.T) {
	bad := feature(t, map[string]string{".security.yml": "version: 1\ndlp:\n  binary: maybe\n"})
	bad.Write("a", "a\n").Commit("a")
	tests := []struct {
		name string
		dir  string
		args []string
		want string // in the notification and on stderr
	}{
		{"an invalid policy on the base branch", bad.Dir, nil, ":3:11: dlp.binary: must be one of"},
		{"an unknown base", bad.Dir, []string{"--base", "nope"}, `unknown revision "nope"`},
		{"not a repository", t.TempDir(), nil, "not a git repository"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runScanIn(t, tt.dir, nil, append([]string{"--format", "sarif"}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.want)
			}
			if err := schematest.Validate(schematest.SARIF(t), []byte(r.stdout)); err != nil {
				t.Fatalf("stdout is not a valid SARIF log: %v\n%s", err, r.stdout)
			}
			var log struct {
				Runs []struct {
					Results     []any
					Invocations []struct {
						ExecutionSuccessful        bool
						ExitCode                   int
						ToolExecutionNotifications []struct {
							Level   string
							Message struct{ Text string }
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
				t.Fatal(err)
			}
			inv := log.Runs[0].Invocations[0]
			if inv.ExecutionSuccessful || inv.ExitCode != 2 || len(inv.ToolExecutionNotifications) != 1 ||
				inv.ToolExecutionNotifications[0].Level != "error" || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, tt.want) {
				t.Errorf("invocation = %+v, want a failed run with the error", inv)
			}
		})
	}
}
