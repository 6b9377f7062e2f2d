package local_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// TestLoadPolicy: a scan is judged by the policy the App would use (the
// base branch's, never the change's own), and the report names it.
func TestLoadPolicy(t *testing.T) {
	const mainPolicy = "version: 1\ndlp:\n  forbidden: [\"**/*.main\"]\n"
	const headPolicy = "version: 1\ndlp:\n  forbidden: [\"**/*.head\"]\n"
	short := func(g *localtest.Repo, rev string) string { return g.Git("rev-parse", "--short=7", rev) }
	// feature: main holds mainPolicy, the checked-out branch edits it.
	feature := func(t *testing.T) *localtest.Repo {
		g := localtest.New(t)
		g.Write(".security.yml", mainPolicy).Commit("policy")
		g.Git("checkout", "-q", "-b", "feature")
		g.Write(".security.yml", headPolicy).Commit("edit the policy")
		return g
	}
	// noDefault: one branch, neither main nor master, holding headPolicy.
	noDefault := func(t *testing.T) *localtest.Repo {
		g := localtest.New(t)
		g.Git("checkout", "-q", "-b", "trunk")
		g.Write(".security.yml", headPolicy).Commit("policy")
		return g
	}
	configFile := filepath.Join(t.TempDir(), "policy.yml")
	if err := os.WriteFile(configFile, []byte(headPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		repo      func(t *testing.T) *localtest.Repo
		opts      local.RangeOptions
		file      string
		wantGlob  string // the policy's one forbidden glob; "" for the defaults
		fromHead  bool
		missing   bool
		wantSrc   func(g *localtest.Repo) string
		wantError string
	}{
		{name: "the base branch's policy, not the change's", repo: feature, wantGlob: "**/*.main",
			wantSrc: func(g *localtest.Repo) string { return ".security.yml at main (" + short(g, "main") + ")" }},
		{name: "--all reads the default branch's", repo: feature, opts: local.RangeOptions{All: true}, wantGlob: "**/*.main",
			wantSrc: func(g *localtest.Repo) string {
				return ".security.yml at main (" + short(g, "main") + "; --all reads the default branch's)"
			}},
		{name: "--all with no default branch reads the head's", repo: noDefault, opts: local.RangeOptions{All: true}, wantGlob: "**/*.head", fromHead: true,
			wantSrc: func(g *localtest.Repo) string {
				return ".security.yml at HEAD (" + short(g, "HEAD") + "; no default branch to read it from)"
			}},
		{name: "staged in a repository with no commit", opts: local.RangeOptions{Staged: true}, wantGlob: "**/*.head", fromHead: true,
			repo: func(t *testing.T) *localtest.Repo {
				g := localtest.New(t)
				return g.Write(".security.yml", headPolicy).Stage()
			},
			wantSrc: func(*localtest.Repo) string { return ".security.yml as staged (the repository has no commit yet)" }},
		{name: "no file on the base: the defaults, saying so", missing: true,
			repo: func(t *testing.T) *localtest.Repo {
				g := localtest.New(t)
				g.Write("a.txt", "a\n").Commit("init")
				g.Git("checkout", "-q", "-b", "feature")
				g.Write(".security.yml", headPolicy).Commit("add a policy")
				return g
			},
			wantSrc: func(g *localtest.Repo) string {
				return "built-in defaults: no .security.yml at main (" + short(g, "main") + ")"
			}},
		{name: "--config replaces the lookup", repo: feature, file: configFile, wantGlob: "**/*.head",
			wantSrc: func(*localtest.Repo) string { return configFile + " (--config)" }},
		{name: "a missing --config", repo: feature, file: filepath.Join(t.TempDir(), "nope.yml"), wantError: "cannot read the policy"},
		{name: "an invalid base policy names its file and line", wantError: ".security.yml at main (",
			repo: func(t *testing.T) *localtest.Repo {
				g := localtest.New(t)
				g.Write(".security.yml", "version: 1\nnope: true\n").Commit("bad policy")
				g.Git("checkout", "-q", "-b", "feature")
				g.Write("a.txt", "a\n").Commit("change")
				return g
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.repo(t)
			r := open(t, g.Dir)
			ctx := context.Background()
			rg, err := r.ResolveRange(ctx, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			pol, err := local.LoadPolicy(ctx, r, rg, tt.file)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.wantSrc(g); pol.Source != want {
				t.Errorf("source = %q, want %q", pol.Source, want)
			}
			var globs []string
			for _, gl := range pol.Policy.DLP.Forbidden {
				globs = append(globs, gl.String())
			}
			if got := strings.Join(globs, ","); got != tt.wantGlob {
				t.Errorf("forbidden = %q, want %q (the wrong policy governs)", got, tt.wantGlob)
			}
			if pol.FromHead != tt.fromHead || pol.Missing != tt.missing {
				t.Errorf("fromHead, missing = %v, %v, want %v, %v", pol.FromHead, pol.Missing, tt.fromHead, tt.missing)
			}
		})
	}
}
