package local_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

func changeSet(t *testing.T, r *local.Repo, o local.RangeOptions) *checks.ChangeSet {
	t.Helper()
	rg, err := r.ResolveRange(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := r.ChangeSet(context.Background(), rg)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func paths(fs []checks.File) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Status+" "+f.Path)
	}
	return out
}

func TestChangeSetOfABranch(t *testing.T) {
	g := localtest.New(t)
	base := g.Write("keep", "k\n").Write("old", "o\n").Commit("base")
	g.Git("checkout", "-q", "-b", "feature")
	c1 := g.Write("new", "n\n").Commit("add new\n\nwith a body")
	c2 := g.Remove("old").Write("keep", "k\nk2\n").Commit("drop old")
	g.Git("checkout", "-q", "main")
	g.Write("main-only", "m\n").Commit("main moves on")
	g.Git("checkout", "-q", "feature")

	r := open(t, g.Dir)
	var progress atomic.Int64
	r.SetProgress(func(read, total int) { progress.Store(int64(read * 100 / total)) })
	cs := changeSet(t, r, local.RangeOptions{})

	if cs.BaseSHA != base || cs.HeadSHA != c2 || cs.BaseRef != "main" {
		t.Errorf("base %s (%s), head %s; want %s..%s", cs.BaseSHA, cs.BaseRef, cs.HeadSHA, base, c2)
	}
	wantCommits := []checks.Commit{
		{SHA: c1, Author: "Dev Eloper", Message: "add new\n\nwith a body"},
		{SHA: c2, Author: "Dev Eloper", Message: "drop old"},
	}
	if !reflect.DeepEqual(cs.Commits, wantCommits) {
		t.Errorf("commits = %+v, want %+v", cs.Commits, wantCommits)
	}
	// The three-dot diff: main's own later commit is not part of it.
	if got, want := paths(cs.Files), []string{"modified keep", "added new", "removed old"}; !reflect.DeepEqual(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	for _, c := range cs.Commits {
		if _, err := cs.Source.CommitFiles(context.Background(), c.SHA); err != nil {
			t.Fatal(err)
		}
	}
	if p := progress.Load(); p != 100 {
		t.Errorf("progress reached %d%%, want 100%%", p)
	}
}

func TestChangeSetFromTheRoot(t *testing.T) {
	g := localtest.New(t)
	first := g.Write("a", "a\n").Commit("a")
	second := g.Write("b", "b\n").Commit("b")
	cs := changeSet(t, open(t, g.Dir), local.RangeOptions{All: true})
	if cs.BaseSHA != "" || len(cs.Commits) != 2 || cs.Commits[0].SHA != first || cs.Commits[1].SHA != second {
		t.Errorf("base %q, commits %+v; want both commits, oldest first", cs.BaseSHA, cs.Commits)
	}
	if got, want := paths(cs.Files), []string{"added a", "added b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	if _, found, err := cs.Source.FileAt(context.Background(), cs.BaseSHA, "a"); found || err != nil {
		t.Errorf("FileAt(no base) = %v, %v; want not found", found, err)
	}
}

func TestChangeSetOfTheIndex(t *testing.T) {
	g := localtest.New(t)
	g.Write("a", "a\n").Commit("a")
	g.Write("a", "a\nstaged\n").Write("b", "bee\n").Stage()
	g.Write("a", "a\nstaged\nnot staged\n").Write("untracked", "u\n")

	r := open(t, g.Dir)
	cs := changeSet(t, r, local.RangeOptions{Staged: true})
	ctx := context.Background()
	if cs.HeadSHA != local.Staged || len(cs.Commits) != 1 || cs.Commits[0].SHA != local.Staged {
		t.Fatalf("head %q commits %+v; want the index as one pseudo-commit", cs.HeadSHA, cs.Commits)
	}
	if got, want := paths(cs.Files), []string{"modified a", "added b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	if got := cs.Files[0].Added; !reflect.DeepEqual(got, []checks.Line{{No: 2, Text: "staged"}}) {
		t.Errorf("added lines of a = %v, want only the staged one", got)
	}
	files, err := r.CommitFiles(ctx, local.Staged)
	if err != nil || !reflect.DeepEqual(files, cs.Files) {
		t.Errorf("CommitFiles(Staged) = %v, %v; want the staged diff", paths(files), err)
	}
	content, found, err := r.FileAt(ctx, local.Staged, "a")
	if err != nil || !found || string(content) != "a\nstaged\n" {
		t.Errorf("FileAt(Staged, a) = %q, %v, %v; want the staged content", content, found, err)
	}
	sizes, err := r.Sizes(ctx, local.Staged)
	if err != nil || !reflect.DeepEqual(sizes, map[string]int64{"a": 9, "b": 4}) {
		t.Errorf("Sizes(Staged) = %v, %v", sizes, err)
	}
}

func TestStagedInARepositoryWithNoCommit(t *testing.T) {
	g := localtest.New(t)
	g.Write("first", "1\n").Stage()
	cs := changeSet(t, open(t, g.Dir), local.RangeOptions{Staged: true})
	if got, want := paths(cs.Files), []string{"added first"}; !reflect.DeepEqual(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
}

func TestContents(t *testing.T) {
	g := localtest.New(t)
	g.Write("dir/f.txt", "hello\n").Write("big", string(make([]byte, 70000))).Commit("c")
	head := g.Git("rev-parse", "HEAD")
	blob := g.Git("rev-parse", "HEAD:dir/f.txt")
	r := open(t, g.Dir)
	ctx := context.Background()

	tests := []struct {
		name, ref, path string
		want            string
		found           bool
	}{
		{"a file", head, "dir/f.txt", "hello\n", true},
		{"a large file", head, "big", string(make([]byte, 70000)), true},
		{"a missing path", head, "nope", "", false},
		{"a directory is not a file", head, "dir", "", false},
		{"no ref", "", "dir/f.txt", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found, err := r.FileAt(ctx, tt.ref, tt.path)
			if err != nil || found != tt.found || string(got) != tt.want {
				t.Errorf("FileAt = %d bytes, %v, %v; want %d bytes, %v", len(got), found, err, len(tt.want), tt.found)
			}
		})
	}
	t.Run("blob", func(t *testing.T) {
		if b, err := r.Blob(ctx, blob); err != nil || string(b) != "hello\n" {
			t.Errorf("Blob = %q, %v", b, err)
		}
		if _, err := r.Blob(ctx, head); err == nil {
			t.Error("Blob accepted a commit")
		}
	})
	t.Run("sizes", func(t *testing.T) {
		sizes, err := r.Sizes(ctx, head)
		if err != nil || !reflect.DeepEqual(sizes, map[string]int64{"dir/f.txt": 6, "big": 70000}) {
			t.Errorf("Sizes = %v, %v", sizes, err)
		}
	})
	t.Run("concurrent readers share one cat-file", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := []string{"dir/f.txt", "big", "nope"}[i%3]
				if _, _, err := r.FileAt(ctx, head, p); err != nil {
					errs <- fmt.Errorf("%s: %w", p, err)
				}
				if _, err := r.Blob(ctx, blob); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// From the root of history the final diff adds the whole head tree: it
// carries no lines (the scan's memory would grow with the tree), and
// BlobLines gives each added text file the lines its patch would have had.
func TestChangeSetFromTheRootHoldsNoLines(t *testing.T) {
	g := localtest.New(t)
	root := g.Write("text", "one\ntwo\n").Write("no-newline", "one\ntwo").Write("crlf", "one\r\ntwo\r\n").
		Write("blank-lines", "\n\nthree\n\n").Write("empty", "").Write("binary", "a\x00b\n").Commit("root")
	r := open(t, g.Dir)
	cs := changeSet(t, r, local.RangeOptions{All: true})
	ctx := context.Background()
	want, err := r.CommitFiles(ctx, root) // the same files, from a diff that keeps its lines
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]checks.File{}
	for _, f := range want {
		byPath[f.Path] = f
	}
	if len(cs.Files) != len(want) {
		t.Fatalf("files %v, want %v", paths(cs.Files), paths(want))
	}
	for _, f := range cs.Files {
		t.Run(f.Path, func(t *testing.T) {
			w := byPath[f.Path]
			if f.Additions != w.Additions || f.Deletions != w.Deletions || f.BlobSHA != w.BlobSHA || f.Status != w.Status {
				t.Errorf("got %+v, want the counts and blob of %+v", f, w)
			}
			if len(w.Added) > 0 && f.Patch != "" || len(f.Added) > 0 {
				t.Errorf("the final diff holds the lines of %s", f.Path)
			}
			if len(w.Added) == 0 {
				if f.PatchMissing != w.PatchMissing {
					t.Errorf("PatchMissing = %v, want %v as in the commit (binary or empty)", f.PatchMissing, w.PatchMissing)
				}
				return
			}
			if !f.PatchMissing {
				t.Error("a file whose lines were dropped must say its patch is missing")
			}
			lines, err := r.BlobLines(ctx, f.BlobSHA)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(lines, w.Added) {
				t.Errorf("BlobLines = %+v, want %+v", lines, w.Added)
			}
		})
	}
}

// A range's final diff keeps its files' lines up to a budget; past it, added
// text files carry no lines and BlobLines gives them the lines their patch
// would have had, so that a branch adding a large tree is not held whole.
func TestChangeSetOfABranchKeepsLinesUpToABudget(t *testing.T) {
	g := localtest.New(t)
	g.Write("README", "base\n").Commit("base")
	g.Git("checkout", "-q", "-b", "feature")
	head := g.Write("a.txt", "one\ntwo\n").Write("b.txt", "three\nfour\n").Write("c.txt", "five\r\nsix").Commit("add")
	kept := changeSet(t, open(t, g.Dir), local.RangeOptions{}).Files
	first, second := int64(len(kept[0].Patch)), int64(len(kept[1].Patch))
	for _, tt := range []struct {
		name   string
		keep   int64
		sliced []string // the files that carry no lines
	}{
		{"the default budget keeps a small branch whole", -1, nil},
		{"nothing kept", 0, []string{"a.txt", "b.txt", "c.txt"}},
		{"room for the first file only", first, []string{"b.txt", "c.txt"}},
		{"room for all but the last", first + second, []string{"c.txt"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := open(t, g.Dir)
			whole, err := r.CommitFiles(context.Background(), head) // the same files with their lines
			if err != nil {
				t.Fatal(err)
			}
			if tt.keep >= 0 {
				local.SetKeptPatches(r, tt.keep)
			}
			cs := changeSet(t, r, local.RangeOptions{})
			if !reflect.DeepEqual(paths(cs.Files), paths(whole)) {
				t.Fatalf("files %v, want %v", paths(cs.Files), paths(whole))
			}
			var sliced []string
			for i, f := range cs.Files {
				lines := f.Added
				if f.PatchMissing {
					sliced = append(sliced, f.Path)
					if f.Patch != "" || len(f.Added) > 0 {
						t.Errorf("%s says its patch is missing but holds it", f.Path)
					}
					if lines, err = r.BlobLines(context.Background(), f.BlobSHA); err != nil {
						t.Fatal(err)
					}
				}
				if !reflect.DeepEqual(lines, whole[i].Added) || f.Additions != whole[i].Additions {
					t.Errorf("%s: lines %+v (%d added), want %+v (%d)", f.Path, lines, f.Additions, whole[i].Added, whole[i].Additions)
				}
			}
			if !reflect.DeepEqual(sliced, tt.sliced) {
				t.Errorf("files without their lines %v, want %v", sliced, tt.sliced)
			}
		})
	}
}
