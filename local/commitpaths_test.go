package local_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// presence is what the DLP check reads of a commit's file list: each path
// the commit touched, and whether the commit left a file there.
func presence(files []checks.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range files {
		out[f.Path] = !f.Removed()
		if f.PreviousPath != "" && f.PreviousPath != f.Path {
			out[f.PreviousPath] = false
		}
	}
	return out
}

// touches is what a file list says of each path a commit touched: the blob
// the commit left there, "" where it left none. A rename paired or listed
// as a removal and an addition touches the same.
func touches(files []checks.File) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = ""
		if !f.Removed() {
			out[f.Path] = f.BlobSHA
		}
		if f.PreviousPath != "" && f.PreviousPath != f.Path {
			out[f.PreviousPath] = ""
		}
	}
	return out
}

// gitPresence is presence from git's own first-parent diff, renames paired.
func gitPresence(t *testing.T, g *localtest.Repo, sha string) map[string]bool {
	t.Helper()
	args := []string{"diff-tree", "-r", "-M", "--name-status", "-z", "--no-commit-id", "--root", sha}
	if parent := g.Git("rev-list", "--parents", "-n1", sha); strings.Count(parent, " ") > 0 {
		args = []string{"diff-tree", "-r", "-M", "--name-status", "-z", sha + "^1", sha}
	}
	out := map[string]bool{}
	f := strings.Split(strings.Trim(g.Git(args...), "\x00"), "\x00")
	for i := 0; i+1 < len(f); i += 2 {
		switch status := f[i]; {
		case strings.HasPrefix(status, "R"):
			out[f[i+1]], out[f[i+2]] = false, true
			i++
		case status == "D":
			out[f[i+1]] = false
		default:
			out[f[i+1]] = true
		}
	}
	return out
}

// A commit's file list leaves its moves unpaired (pathArgs); each path is
// still touched, and left present or not, exactly as git's rename detection
// says. The lists are the same whether CommitPaths reads the
// range's commits together or a commit alone.
func TestCommitPathsTouchWhatGitDoes(t *testing.T) {
	g := localtest.New(t)
	body := strings.Repeat("a line that makes the file similar enough to pair\n", 8)
	g.Write("keep.txt", "k\n").Write("secrets/prod.env", body).Write("old/b.txt", body).Commit("root")
	g.Git("mv", "keep.txt", "kept.txt")
	g.Commit("a plain rename")
	g.Git("checkout", "-q", "-b", "side")
	g.Write("side.txt", "s\n").Commit("side")
	g.Git("checkout", "-q", "main")
	g.Git("merge", "-q", "--no-ff", "--no-commit", "side")
	g.Remove("secrets/prod.env").Write("config/prod.env", body)
	g.Remove("old/b.txt").Write("new/b.txt", body+"edited while moved\n")
	g.Commit("a merge that moves two files, one edited")

	r := open(t, g.Dir)
	cs := changeSet(t, r, local.RangeOptions{All: true})
	alone := open(t, g.Dir)
	ctx := context.Background()
	moves := 0
	for _, c := range cs.Commits {
		t.Run(c.Message, func(t *testing.T) {
			files, err := r.CommitPaths(ctx, c.SHA)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := presence(files), gitPresence(t, g, c.SHA); !reflect.DeepEqual(got, want) {
				t.Errorf("touched %v, git says %v", got, want)
			}
			single, err := alone.CommitPaths(ctx, c.SHA)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := paths(single), paths(files); !reflect.DeepEqual(got, want) {
				t.Errorf("read alone %q, with the range %q", got, want)
			}
			for _, f := range files {
				if f.PreviousPath != "" {
					moves++
				}
			}
		})
	}
	if moves != 0 {
		t.Errorf("%d renames listed, want none", moves)
	}
}
