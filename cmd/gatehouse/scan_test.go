package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// scanResult is what a user sees of one `gatehouse scan`.
type scanResult struct {
	code           int
	stdout, stderr string
}

// runScanIn runs gatehouse scan in dir with an environment that has nothing
// but env: no colour, no network settings leak in from the machine.
func runScanIn(t *testing.T, dir string, env map[string]string, args ...string) scanResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := scan(append(args, dir), &out, &errb, func(k string) string { return env[k] })
	return scanResult{code, out.String(), errb.String()}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// feature makes a repository whose main branch holds base (path → content)
// and checks out a feature branch from it.
func feature(t *testing.T, base map[string]string) *localtest.Repo {
	t.Helper()
	g := localtest.New(t)
	g.Write("README.md", "# demo\n")
	for p, c := range base {
		g.Write(p, c)
	}
	g.Commit("base")
	g.Git("checkout", "-q", "-b", "feature")
	return g
}

func TestScanGate(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(g *localtest.Repo)
		args     []string
		wantCode int
		want     []string // in the text report; nil: no report at all
	}{
		{"a clean range passes", func(g *localtest.Repo) {
			g.Write("main.go", "package main\n").Commit("add main")
		}, nil, 0, []string{"main..HEAD", "1 commit, 1 changed file", "PASS  All security checks passed"}},
		{"a forbidden file fails", func(g *localtest.Repo) {
			g.Write("config/.env", "DB_HOST=db\n").Commit("add env")
		}, nil, 1, []string{"config/.env\n  error    dlp/forbidden-file", "must never be committed", "FAIL  Blocked: dlp: 1 file breaks the DLP policy"}},
		{"a private key added in the 2nd of 3 commits and removed in the 3rd still fails", func(g *localtest.Repo) {
			g.Write("a.go", "package a\n").Commit("one")
			g.Write("deploy/id_rsa", "not really a key\n").Commit("two")
			g.Remove("deploy/id_rsa").Commit("three")
		}, nil, 1, []string{"deploy/id_rsa", "3 commits, 1 changed file", "a later commit removed it", "FAIL"}},
		{"only staged: not in the range", func(g *localtest.Repo) {
			g.Write("ok.txt", "fine\n").Commit("ok")
			g.Write("id_ed25519", "key\n").Stage()
		}, nil, 0, []string{"PASS"}},
		{"only staged: --staged finds it", func(g *localtest.Repo) {
			g.Write("ok.txt", "fine\n").Commit("ok")
			g.Write("id_ed25519", "key\n").Stage()
		}, []string{"--staged"}, 1, []string{"staged changes against HEAD: 1 changed file", "id_ed25519", "(staged)", "FAIL"}},
		{"--staged ignores what is not staged", func(g *localtest.Repo) {
			g.Write("ok.txt", "fine\n").Stage()
			g.Write(".env", "SECRET=1\n")
		}, []string{"--staged"}, 0, []string{"PASS"}},
		{"a sensitive path needs InfoSec but exits 0", func(g *localtest.Repo) {
			g.Write(".github/workflows/ci.yml", "on: push\n").Commit("ci")
		}, nil, 0, []string{"InfoSec approval needed:\n  - .github/workflows/ci.yml", "a developer cannot approve their own change", "PASS, InfoSec approval needed"}},
		{"--all scans the whole history", func(g *localtest.Repo) {
			g.Git("checkout", "-q", "main")
			g.Write("secring.gpg", "x").Commit("oops")
			g.Remove("secring.gpg").Commit("fix")
		}, []string{"--all"}, 1, []string{"all history of HEAD: 3 commits", "secring.gpg", "FAIL"}},
		{"an explicit base and head", func(g *localtest.Repo) {
			g.Write("x.pfx", "x").Commit("x")
			g.Git("checkout", "-q", "main")
		}, []string{"--base", "main", "--head", "feature"}, 1, []string{"main..feature", "x.pfx"}},
		{"--quiet prints nothing on a clean pass", func(g *localtest.Repo) {
			g.Write("main.go", "package main\n").Commit("add main")
		}, []string{"--quiet"}, 0, nil},
		{"--quiet still prints a failure", func(g *localtest.Repo) {
			g.Write("prod.tfstate", "{}\n").Commit("state")
		}, []string{"--quiet"}, 1, []string{"prod.tfstate", "FAIL"}},
		{"sizes read as people write them", func(g *localtest.Repo) {
			g.Write("data/export.txt", strings.Repeat("0123456789abcdef", 3240)).Commit("export")
		}, []string{"--config", writeTemp(t, "small.yml", "version: 1\ndlp:\n  max_file_size: 50KB\n")}, 1,
			[]string{"File larger than 50 KB", "data/export.txt is 50.6 KB, over the policy's max_file_size of 50 KB"}},
		{"nothing to scan on the default branch", func(g *localtest.Repo) {
			g.Git("checkout", "-q", "main")
		}, nil, 0, []string{"nothing to scan: HEAD has no commit that main lacks; use --all", "PASS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := feature(t, nil)
			tt.setup(g)
			r := runScanIn(t, g.Dir, nil, tt.args...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("the report lacks %q:\n%s", w, r.stdout)
				}
			}
			if tt.want == nil && r.stdout != "" {
				t.Errorf("want no report, got:\n%s", r.stdout)
			}
			if r.stderr != "" {
				t.Errorf("stderr should be empty for a text scan that ran: %q", r.stderr)
			}
		})
	}
}

func TestScanInputErrors(t *testing.T) {
	g := feature(t, nil)
	g.Write("a", "a\n").Commit("a")
	bad := feature(t, map[string]string{".security.yml": "version: 1\ndependencies:\n  fail_on_severity: severe\n"})
	bad.Write("a", "a\n").Commit("a")
	cfgDir := t.TempDir()
	invalid := writeTemp(t, "invalid.security.yml", "version: 1\ndlpp: {}\n")
	tests := []struct {
		name string
		dir  string
		args []string
		want string // on stderr
	}{
		{"not a repository", cfgDir, nil, "not a git repository"},
		{"a missing directory", cfgDir + "/nope", nil, "no such file or directory"},
		{"an unknown base", g.Dir, []string{"--base", "nope"}, `unknown revision "nope"`},
		{"an unknown head", g.Dir, []string{"--head", "HEAD~5"}, `unknown revision "HEAD~5"`},
		{"an option as a ref", g.Dir, []string{"--base=--output=x"}, "unknown revision"},
		{"an invalid policy on the base branch", bad.Dir, nil, ".security.yml at main (" + bad.Git("rev-parse", "--short=7", "main") + "):3:21: dependencies.fail_on_severity: must be one of"},
		{"an invalid --config", g.Dir, []string{"--config", invalid}, invalid + ":2:1: dlpp: unknown key \"dlpp\""},
		{"a missing --config", g.Dir, []string{"--config", "/nope.yml"}, "cannot read the policy"},
		{"an unknown format", g.Dir, []string{"--format", "xml"}, `unknown --format "xml"`},
		{"an unknown flag", g.Dir, []string{"--nope"}, "flag provided but not defined"},
		{"--staged with --base", g.Dir, []string{"--staged", "--base", "main"}, "cannot be combined"},
		{"two directories", g.Dir, []string{g.Dir}, "one directory at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runScanIn(t, tt.dir, nil, tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2\nstderr: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to say %q", r.stderr, tt.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout must stay empty on an input error: %q", r.stdout)
			}
		})
	}
}

func TestScanUsesTheBasePolicy(t *testing.T) {
	basePolicy := "version: 1\ndlp:\n  forbidden: [\"**/*.csv\"]\n"
	t.Run("the change cannot lift a rule of the base", func(t *testing.T) {
		g := feature(t, map[string]string{".security.yml": basePolicy})
		g.Write(".security.yml", "version: 1\n").Write("data/customers.csv", "id,name\n").Commit("lift the rule")
		r := runScanIn(t, g.Dir, nil)
		if r.code != 1 || !strings.Contains(r.stdout, "data/customers.csv") || !strings.Contains(r.stdout, "policy: .security.yml at main") {
			t.Errorf("exit %d, want 1 with the base's rule applied:\n%s", r.code, r.stdout)
		}
	})
	t.Run("the change cannot add a rule for itself", func(t *testing.T) {
		g := feature(t, nil)
		g.Write(".security.yml", basePolicy).Write("data/customers.csv", "id,name\n").Commit("add a rule")
		r := runScanIn(t, g.Dir, nil)
		if r.code != 0 || strings.Contains(r.stdout, "customers.csv\n") || !strings.Contains(r.stdout, "built-in defaults") {
			t.Errorf("exit %d, want 0 under the defaults (the policy edit only needs InfoSec):\n%s", r.code, r.stdout)
		}
	})
	t.Run("a broken policy edit fails the gate with its line", func(t *testing.T) {
		g := feature(t, map[string]string{".security.yml": basePolicy})
		g.Write(".security.yml", "version: 1\ndlp:\n  binary: maybe\n").Commit("break it")
		r := runScanIn(t, g.Dir, nil)
		if r.code != 1 || !strings.Contains(r.stdout, ":3:11: dlp.binary: must be one of warn, fail, ignore") {
			t.Errorf("exit %d, want 1 naming line 3:\n%s", r.code, r.stdout)
		}
	})
	t.Run("--all cannot lift a rule of the default branch", func(t *testing.T) {
		g := feature(t, map[string]string{".security.yml": basePolicy})
		g.Write(".security.yml", "version: 1\ndlp: {enabled: false}\n").Write("data/customers.csv", "id,name\n").Commit("lift the rule")
		r := runScanIn(t, g.Dir, nil, "--all")
		want := "policy: .security.yml at main (" + g.Git("rev-parse", "--short=7", "main") + "; --all reads the default branch's)"
		if r.code != 1 || !strings.Contains(r.stdout, "data/customers.csv") || !strings.Contains(r.stdout, want) {
			t.Errorf("exit %d, want 1 under main's policy, %q:\n%s", r.code, want, r.stdout)
		}
		r = runScanIn(t, g.Dir, nil, "--all", "--format", "json")
		if !strings.Contains(r.stdout, `"source": ".security.yml at main (`) {
			t.Errorf("the JSON report does not say which policy was used:\n%s", r.stdout)
		}
	})
	t.Run("--all with no default branch reads the head's policy and says so", func(t *testing.T) {
		g := localtest.New(t)
		g.Git("checkout", "-q", "-b", "trunk")
		g.Write(".security.yml", basePolicy).Write("data/customers.csv", "id,name\n").Commit("init")
		r := runScanIn(t, g.Dir, nil, "--all")
		want := "policy: .security.yml at HEAD (" + g.Git("rev-parse", "--short=7", "HEAD") + "; no default branch to read it from)"
		if r.code != 1 || !strings.Contains(r.stdout, want) {
			t.Errorf("exit %d, want 1 and %q:\n%s", r.code, want, r.stdout)
		}
	})
	t.Run("--config replaces the base's policy", func(t *testing.T) {
		g := feature(t, map[string]string{".security.yml": basePolicy})
		g.Write("data/customers.csv", "id,name\n").Commit("data")
		lenient := writeTemp(t, "lenient.security.yml", "version: 1\n")
		r := runScanIn(t, g.Dir, nil, "--config", lenient)
		if r.code != 0 || !strings.Contains(r.stdout, lenient+" (--config)") {
			t.Errorf("exit %d, want 0 under --config:\n%s", r.code, r.stdout)
		}
	})
}

func TestScanNotesAShallowClone(t *testing.T) {
	g := feature(t, nil)
	g.Write("a.go", "package a\n").Commit("a")
	clone := filepath.Join(t.TempDir(), "clone")
	g.Git("clone", "-q", "--depth", "1", "--branch", "feature", "file://"+g.Dir, clone)
	r := runScanIn(t, clone, nil)
	if !strings.Contains(r.stdout, "this is a shallow clone") {
		t.Errorf("exit %d, no shallow-clone note:\n%s%s", r.code, r.stdout, r.stderr)
	}
}
