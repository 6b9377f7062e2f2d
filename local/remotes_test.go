package local_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

func TestRemoteBranchContaining(t *testing.T) {
	g := localtest.New(t)
	pushed := g.Write("a", "a\n").Commit("pushed")
	g.AddOrigin()
	g.Git("push", "-q", "-u", "origin", "main")
	g.Git("remote", "set-head", "origin", "main")
	local := g.Write("b", "b\n").Commit("not pushed")
	g.Git("checkout", "-q", "-b", "topic", pushed)
	topic := g.Write("c", "c\n").Commit("pushed to a topic branch")
	g.Git("push", "-q", "origin", "topic")
	// zeta holds topic's commits too; the first branch by name is named.
	late := g.Write("d", "d\n").Commit("pushed to a branch after topic")
	g.Git("push", "-q", "origin", "topic:zeta")

	r := open(t, g.Dir)
	tests := []struct {
		name, sha, want string
		ok              bool
	}{
		{"a pushed commit", pushed, "origin/main", true},
		{"a commit only on a local branch", local, "", false},
		{"a commit pushed to another branch", topic, "origin/topic", true},
		{"a commit only a later branch holds", late, "origin/zeta", true},
		{"asked again", pushed, "origin/main", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := r.RemoteBranchContaining(context.Background(), tt.sha)
			if err != nil || got != tt.want || ok != tt.ok {
				t.Errorf("got %q, %v, %v; want %q, %v", got, ok, err, tt.want, tt.ok)
			}
		})
	}
	t.Run("many commits at once", func(t *testing.T) {
		got, err := r.RemoteBranches(context.Background(), []string{pushed, local, topic})
		want := map[string]string{pushed: "origin/main", topic: "origin/topic"}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, %v; want %v (an unpushed commit left out)", got, err, want)
		}
		if _, err := r.RemoteBranches(context.Background(), []string{pushed, "--all"}); err == nil {
			t.Error("want an error for an option in place of a commit id")
		}
	})
	t.Run("not a commit id", func(t *testing.T) {
		if _, _, err := r.RemoteBranchContaining(context.Background(), "--all"); err == nil {
			t.Error("want an error for an option in place of a commit id")
		}
	})
}

// On branches that fork and merge, each commit's branch is the first by name
// of those whose history holds it, as `git for-each-ref --contains` lists
// them.
func TestRemoteBranchContainingAgreesWithForEachRef(t *testing.T) {
	g := localtest.New(t)
	g.Write("a", "0\n").Commit("root")
	g.AddOrigin()
	branch := func(name, from string, n int) {
		g.Git("checkout", "-q", "-b", name, from)
		for i := range n {
			g.Write(name+".txt", fmt.Sprint(i)+"\n").Commit(name + fmt.Sprint(i))
		}
	}
	branch("zeta", "main", 2)
	branch("m-middle", "zeta~1", 2)
	branch("alpha", "main", 1)
	g.Git("merge", "-q", "--no-ff", "-m", "merge zeta into alpha", "zeta")
	g.Git("checkout", "-q", "main")
	g.Write("a", "1\n").Commit("main moves on")
	g.Git("merge", "-q", "--no-ff", "-m", "merge m-middle", "m-middle")
	branch("solo", "alpha", 1)
	g.Git("push", "-q", "origin", "main", "zeta", "m-middle", "alpha", "solo:x/HEAD")
	g.Git("checkout", "-q", "main")
	g.Git("fetch", "-q", "origin")
	g.Git("remote", "set-head", "origin", "main")
	// A tag of a blob fetched under refs/remotes holds no commit.
	blob := strings.TrimSpace(g.Git("rev-parse", "main:a"))
	g.Git("update-ref", "refs/remotes/origin/tags/blob", blob)
	g.Write("a", "2\n").Commit("not pushed")

	r := open(t, g.Dir)
	for _, sha := range strings.Fields(g.Git("rev-list", "--all")) {
		want := ""
		// for-each-ref also lists origin/HEAD, which only points at main.
		for _, line := range strings.Split(g.Git("for-each-ref", "--contains", sha, "--format=%(refname:short) %(symref)", "refs/remotes/"), "\n") {
			if name, symref, _ := strings.Cut(line, " "); name != "" && symref == "" {
				want = name
				break
			}
		}
		got, ok, err := r.RemoteBranchContaining(context.Background(), sha)
		if err != nil || got != want || ok != (want != "") {
			t.Errorf("%s: got %q, %v, %v; for-each-ref says %q", sha[:7], got, ok, err, want)
		}
	}
}
