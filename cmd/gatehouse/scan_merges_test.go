package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// TestScanFindsWhatAMergeAdds: a token that a merge's conflict resolution
// writes (an "evil merge") is found on the merge; a token a merge only
// carries over from a branch is found once, on the branch's commit.
func TestScanFindsWhatAMergeAdds(t *testing.T) {
	withSecrets(t)
	token := fakeGitHubToken(9)
	tests := []struct {
		name  string
		setup func(g *localtest.Repo) (introducing string)
	}{
		{"a conflict resolution adds a token", func(g *localtest.Repo) string {
			g.Write("app.env", "APP=demo\nMODE=one\n").Commit("settings")
			g.Git("checkout", "-q", "-b", "side")
			g.Write("app.env", "APP=demo\nMODE=side\n").Commit("side mode")
			g.Git("checkout", "-q", "feature")
			g.Write("app.env", "APP=demo\nMODE=feature\n").Commit("feature mode")
			cmd := exec.Command("git", "merge", "-q", "side")
			cmd.Dir = g.Dir
			if err := cmd.Run(); err == nil {
				t.Fatal("the merge did not conflict")
			}
			g.Write("app.env", "APP=demo\nMODE=feature\nGITHUB_TOKEN="+token+"\n")
			return g.Commit("merge side")
		}},
		{"a merge carries over a branch's token", func(g *localtest.Repo) string {
			g.Write("app.env", "APP=demo\n").Commit("settings")
			g.Git("checkout", "-q", "-b", "side")
			sha := g.Write("app.env", "APP=demo\nGITHUB_TOKEN="+token+"\n").Commit("side token")
			g.Git("checkout", "-q", "feature")
			g.Write("README.md", "# demo\n\nmore\n").Commit("feature work")
			g.Git("merge", "-q", "--no-ff", "-m", "merge side", "side")
			return sha
		}},
	}
	for _, tt := range tests {
		for _, args := range [][]string{nil, {"--all"}} {
			t.Run(tt.name+" "+strings.Join(append([]string{"range"}, args...), " "), func(t *testing.T) {
				g := feature(t, nil)
				introducing := tt.setup(g)
				r := runScanIn(t, g.Dir, nil, append([]string{"--format", "json"}, args...)...)
				if r.code != 1 {
					t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
				}
				if n := strings.Count(r.stdout, `"rule_id": "github-pat"`); n != 1 {
					t.Errorf("%d github-pat findings, want one:\n%s", n, r.stdout)
				}
				for _, want := range []string{`"path": "app.env"`, `"commit": "` + introducing + `"`} {
					if !strings.Contains(r.stdout, want) {
						t.Errorf("the report lacks %s:\n%s", want, r.stdout)
					}
				}
			})
		}
	}
}
