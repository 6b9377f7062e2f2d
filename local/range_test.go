package local_test

import (
	"context"
	"errors"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

func TestOpen(t *testing.T) {
	localtest.Isolate(t)
	t.Run("not a repository", func(t *testing.T) {
		_, err := local.Open(context.Background(), t.TempDir())
		if !errors.Is(err, local.ErrNotRepository) {
			t.Errorf("err = %v, want ErrNotRepository", err)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		if _, err := local.Open(context.Background(), "/does/not/exist"); err == nil {
			t.Error("opened a missing directory")
		}
	})
	t.Run("a subdirectory opens its repository", func(t *testing.T) {
		g := localtest.New(t)
		g.Write("sub/dir/f", "x\n").Commit("c")
		r := open(t, g.Dir+"/sub/dir")
		if sizes, err := r.Sizes(context.Background(), g.Git("rev-parse", "HEAD")); err != nil || sizes["sub/dir/f"] != 2 {
			t.Errorf("sizes = %v, %v; want the whole tree with full paths", sizes, err)
		}
	})
}

func TestResolveRange(t *testing.T) {
	g := localtest.New(t)
	first := g.Write("a", "a\n").Commit("first")
	mainTip := g.Write("b", "b\n").Commit("main moves on")
	g.Git("checkout", "-q", "-b", "feature", first)
	g.Write("c", "c\n").Commit("feature 1")
	feature := g.Write("d", "d\n").Commit("feature 2")

	ctx := context.Background()
	r := open(t, g.Dir)
	tests := []struct {
		name string
		opts local.RangeOptions
		want local.Range
	}{
		{"default: merge base with main", local.RangeOptions{},
			local.Range{BaseRef: "main", BaseTip: mainTip, MergeBase: first, HeadRef: "HEAD", HeadSHA: feature}},
		{"explicit base and head", local.RangeOptions{Base: "main", Head: "feature"},
			local.Range{BaseRef: "main", BaseTip: mainTip, MergeBase: first, HeadRef: "feature", HeadSHA: feature}},
		{"all history", local.RangeOptions{All: true},
			local.Range{HeadRef: "HEAD", HeadSHA: feature, Why: "--all: every commit reachable from HEAD"}},
		{"staged", local.RangeOptions{Staged: true},
			local.Range{BaseRef: "HEAD", BaseTip: feature, MergeBase: feature, HeadRef: local.Staged, HeadSHA: local.Staged, Staged: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.ResolveRange(ctx, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if *got != tt.want {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}

	t.Run("bad refs", func(t *testing.T) {
		for _, o := range []local.RangeOptions{{Base: "nope"}, {Head: "nope"}, {Base: "--all"}, {Head: "HEAD~9"}} {
			var re *local.RefError
			if _, err := r.ResolveRange(ctx, o); !errors.As(err, &re) {
				t.Errorf("%+v: err = %v, want a RefError", o, err)
			}
		}
	})
	t.Run("contradictory options", func(t *testing.T) {
		for _, o := range []local.RangeOptions{{Staged: true, Base: "main"}, {Staged: true, All: true}, {All: true, Base: "main"}} {
			if _, err := r.ResolveRange(ctx, o); err == nil {
				t.Errorf("%+v accepted", o)
			}
		}
	})
}

func TestDefaultBranch(t *testing.T) {
	tests := []struct {
		name  string
		setup func(g *localtest.Repo)
		want  string
	}{
		{"origin/HEAD wins", func(g *localtest.Repo) {
			g.Git("update-ref", "refs/remotes/origin/trunk", "HEAD")
			g.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
		}, "origin/trunk"},
		{"main", func(g *localtest.Repo) {}, "main"},
		{"master when there is no main", func(g *localtest.Repo) { g.Git("branch", "-m", "main", "master") }, "master"},
		{"none", func(g *localtest.Repo) { g.Git("branch", "-m", "main", "develop") }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := localtest.New(t)
			g.Write("a", "a\n").Commit("a")
			tt.setup(g)
			got, ok := open(t, g.Dir).DefaultBranch(context.Background())
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("DefaultBranch = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func TestResolveRangeWithoutBase(t *testing.T) {
	t.Run("no default branch scans from the root", func(t *testing.T) {
		g := localtest.New(t)
		g.Write("a", "a\n").Commit("a")
		g.Git("branch", "-m", "main", "develop")
		rg, err := open(t, g.Dir).ResolveRange(context.Background(), local.RangeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rg.MergeBase != "" || rg.BaseRef != "" || rg.Why == "" {
			t.Errorf("range = %+v, want the root of history with a reason", rg)
		}
	})
	t.Run("unrelated histories scan from the root", func(t *testing.T) {
		g := localtest.New(t)
		g.Write("a", "a\n").Commit("a")
		g.Git("checkout", "-q", "--orphan", "other")
		g.Write("b", "b\n").Commit("b")
		rg, err := open(t, g.Dir).ResolveRange(context.Background(), local.RangeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rg.MergeBase != "" || rg.BaseRef != "main" || rg.Why == "" {
			t.Errorf("range = %+v, want main's policy and the root of history", rg)
		}
	})
	t.Run("a repository with no commit", func(t *testing.T) {
		g := localtest.New(t)
		r := open(t, g.Dir)
		var re *local.RefError
		if _, err := r.ResolveRange(context.Background(), local.RangeOptions{}); !errors.As(err, &re) {
			t.Errorf("err = %v, want a RefError for HEAD", err)
		}
		rg, err := r.ResolveRange(context.Background(), local.RangeOptions{Staged: true})
		if err != nil || rg.MergeBase != "" || !rg.Staged {
			t.Errorf("staged range = %+v, %v; want the index against nothing", rg, err)
		}
	})
}
