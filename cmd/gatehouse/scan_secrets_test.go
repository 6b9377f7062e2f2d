package main

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/secrets"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// withSecrets makes scan run the secrets engine even while buildChecks does
// not list it yet; once it does, this changes nothing.
func withSecrets(t *testing.T) {
	t.Helper()
	orig := scanEngines
	t.Cleanup(func() { scanEngines = orig })
	scanEngines = func(cfg *config.Server) ([]checks.Check, error) {
		all, err := orig(cfg)
		if err != nil {
			return nil, err
		}
		for _, c := range all {
			if c.Name() == secrets.Name {
				return all, nil
			}
		}
		s, err := secrets.New()
		if err != nil {
			return nil, err
		}
		return append([]checks.Check{s}, all...), nil
	}
}

// fakeGitHubToken is shaped like a classic GitHub token and random enough
// for gitleaks' entropy test; it is not a credential.
func fakeGitHubToken(seed uint64) string {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, 36)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	return "ghp_" + string(b)
}

func TestScanFindsSecretsInHistory(t *testing.T) {
	withSecrets(t)
	token := fakeGitHubToken(7)
	tests := []struct {
		name     string
		setup    func(g *localtest.Repo) (introducing string)
		args     []string
		wantCode int
		want     []string
		notWant  []string
	}{
		{"a secret in the second of three commits", func(g *localtest.Repo) string {
			g.Write("app.go", "package app\n").Commit("one")
			sha := g.Write("deploy.sh", "#!/bin/sh\nexport GITHUB_TOKEN="+token+"\n").Commit("two")
			g.Write("app.go", "package app\n\nfunc A() {}\n").Commit("three")
			return sha
		}, nil, 1, []string{"deploy.sh\n  error    line 2:", "secrets/github-pat", "is on no remote-tracking branch: as far as this clone knows, it has not been pushed", "git commit --amend"},
			[]string{"Rotate this credential", "it was pushed"}},
		{"a secret added then removed", func(g *localtest.Repo) string {
			sha := g.Write("settings.yml", "token: "+token+"\n").Commit("add token")
			g.Write("settings.yml", "token: ${GITHUB_TOKEN}\n").Commit("use the environment")
			return sha
		}, nil, 1, []string{"settings.yml", "secrets/github-pat", "The head no longer has it", "Rewrite the commit before pushing"}, []string{"Rotate this credential"}},
		{"a pushed secret", func(g *localtest.Repo) string {
			sha := g.Write("settings.yml", "token: "+token+"\n").Commit("add token")
			g.AddOrigin()
			g.Git("push", "-q", "origin", "main", "feature")
			return sha
		}, nil, 1, []string{"settings.yml", "is on origin/feature: it was pushed, so the secret is leaked", "Rotate this credential"}, []string{"Rewrite the commit"}},
		{"a waived secret", func(g *localtest.Repo) string {
			return g.Write("settings.yml", "token: "+token+" # gatehouse:allow\n").Commit("add token")
		}, nil, 0, []string{"settings.yml", "waived"}, []string{"Rotate", "rotate", "Rewrite the commit"}},
		{"a marker appended by a later commit does not waive the leak", func(g *localtest.Repo) string {
			sha := g.Write("config.py", "TOKEN = \""+token+"\"\n").Commit("add token")
			g.Write("config.py", "TOKEN = \""+token+"\"  # gatehouse:allow\n").Commit("waive it")
			return sha
		}, []string{"--all"}, 1, []string{"config.py", "secrets/github-pat"}, nil},
		{"an inline marker needs InfoSec's approval, which the App asks for", func(g *localtest.Repo) string {
			return g.Write("config.py", "TOKEN = \""+token+"\"  # gatehouse:allow\n").Commit("add waived token")
		}, nil, 0, []string{"config.py:1", "gatehouse:allow", "InfoSec"}, nil},
		{"a staged secret", func(g *localtest.Repo) string {
			g.Write("ci.env.example", "GITHUB_TOKEN="+token+"\n").Stage()
			return "staged"
		}, []string{"--staged"}, 1, []string{"ci.env.example", "secrets/github-pat", "(staged)", "It is only staged: remove it from the file before committing"},
			[]string{"Rotate", "pushed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := feature(t, nil)
			introducing := tt.setup(g)
			r := runScanIn(t, g.Dir, nil, tt.args...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			for _, w := range append(tt.want, introducing[:min(7, len(introducing))]) {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("the report lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.stdout, w) {
					t.Errorf("the report has %q:\n%s", w, r.stdout)
				}
			}
			if strings.Contains(r.stdout+r.stderr, token) {
				t.Error("the secret itself is in the output")
			}
		})
	}
}

// TestScanFollowsRenames: a token committed and then moved is one finding at
// its new path, from the commit that added it, in the server's engine and in
// scan alike: moved by git mv, by a merge that also edits the file, or by a
// branch while the base edits the file.
func TestScanFollowsRenames(t *testing.T) {
	withSecrets(t)
	token := fakeGitHubToken(8)
	settings := "APP=demo\nGITHUB_TOKEN=" + token + "\n"
	branch := func(g *localtest.Repo, name string, commit func()) {
		g.Git("checkout", "-q", "-b", name)
		commit()
		g.Git("checkout", "-q", "feature")
	}
	tests := []struct {
		name string
		move func(g *localtest.Repo)
	}{
		{"a commit moves it", func(g *localtest.Repo) {
			g.Git("mv", "config/dev.env", "config/local.env")
			g.Commit("rename settings")
		}},
		{"a merge moves it and edits it", func(g *localtest.Repo) {
			branch(g, "side", func() { g.Write("side.txt", "side\n").Commit("side") })
			g.Git("merge", "-q", "--no-ff", "--no-commit", "side")
			g.Git("mv", "config/dev.env", "config/local.env")
			g.Write("config/local.env", settings+"MORE=1\n")
			g.Commit("merge side, moving the settings")
		}},
		{"a branch moves it while the feature edits it", func(g *localtest.Repo) {
			branch(g, "side", func() {
				g.Git("mv", "config/dev.env", "config/local.env")
				g.Commit("rename settings")
			})
			g.Write("config/dev.env", "# settings\n"+settings).Commit("document the settings")
			g.Git("merge", "-q", "--no-ff", "-m", "merge side", "side")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := feature(t, nil)
			added := g.Write("config/dev.env", settings).Commit("add settings")
			tt.move(g)
			if g.Git("show", "HEAD:config/local.env") == "" {
				t.Fatal("the setup left no config/local.env")
			}
			r := runScanIn(t, g.Dir, nil, "--format", "json")
			if r.code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			if n := strings.Count(r.stdout, `"rule_id": "github-pat"`); n != 1 {
				t.Errorf("%d github-pat findings, want one for one secret:\n%s", n, r.stdout)
			}
			for _, want := range []string{`"path": "config/local.env"`, `"commit": "` + added} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("the report lacks %s:\n%s", want, r.stdout)
				}
			}
			if strings.Contains(r.stdout, "config/dev.env") {
				t.Errorf("the report names the path the rename removed:\n%s", r.stdout)
			}
		})
	}
}

// TestScanOfAMergeThatRemovesAFile: git prints the removal's patch in a
// merge's combined diff with a line count of -1 (in 64 bits); the scan
// still finishes, and the removal hides nothing of the history.
func TestScanOfAMergeThatRemovesAFile(t *testing.T) {
	withSecrets(t)
	g := feature(t, nil)
	added := g.Write("config/dev.env", "GITHUB_TOKEN="+fakeGitHubToken(9)+"\n").Commit("add settings")
	g.Git("checkout", "-q", "-b", "side")
	g.Write("side.txt", "side\n").Commit("side")
	g.Git("checkout", "-q", "feature")
	g.Git("merge", "-q", "--no-ff", "--no-commit", "side")
	g.Remove("config/dev.env")
	g.Commit("merge side, removing the settings")
	r := runScanIn(t, g.Dir, nil, "--format", "json")
	if r.code != 1 || strings.Contains(r.stdout, "could not finish") {
		t.Fatalf("exit %d, want 1 for the secret the history keeps\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, `"commit": "`+added) {
		t.Errorf("the report lacks the commit that added the secret:\n%s", r.stdout)
	}
}
