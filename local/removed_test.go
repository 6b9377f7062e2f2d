package local_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// removedContent marks the lines of the files the tests delete: git never
// needs to print them, since the checks read only what a change adds.
const removedContent = "REMOVED-LINE"

// TestRemovedFilesAreListedWithoutTheirLines: a deleted file (text, binary,
// or the old half of a type change) is listed as removed in a commit, in
// the final diff and in the staged diff, and its old lines are not read.
func TestRemovedFilesAreListedWithoutTheirLines(t *testing.T) {
	g := localtest.New(t)
	base := g.Write("text.txt", removedContent+"\n"+removedContent+"\n").
		Write("bin.dat", "\x00"+removedContent).
		Write("link", removedContent+"\n").
		Write("kept.txt", "k\n").Commit("base")
	g.Remove("text.txt").Remove("bin.dat").Remove("link")
	if err := os.Symlink("kept.txt", filepath.Join(g.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	head := g.Commit("remove")
	want := []fileSummary{
		{Path: "bin.dat", Status: "removed"},
		{Path: "link", Status: "changed", Additions: 1, Added: []checks.Line{{No: 1, Text: "kept.txt"}}, HasBlob: true},
		{Path: "text.txt", Status: "removed"},
	}
	check := func(t *testing.T, files []checks.File) {
		t.Helper()
		if got := summarize(files); !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
		for _, f := range files {
			if strings.Contains(f.Patch, removedContent) {
				t.Errorf("%s: git printed the removed lines:\n%s", f.Path, f.Patch)
			}
		}
	}

	t.Run("commit", func(t *testing.T) {
		r := open(t, g.Dir)
		files, err := r.CommitFiles(context.Background(), head)
		if err != nil {
			t.Fatal(err)
		}
		check(t, files)
		listed, err := r.CommitPaths(context.Background(), head)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := paths(listed), []string{"removed bin.dat", "changed link", "removed text.txt"}; !reflect.DeepEqual(got, want) {
			t.Errorf("CommitPaths: %q, want %q", got, want)
		}
	})
	t.Run("final diff", func(t *testing.T) {
		cs := changeSet(t, open(t, g.Dir), local.RangeOptions{Base: base})
		check(t, cs.Files)
	})
	t.Run("staged", func(t *testing.T) {
		g.Git("checkout", "-q", base)
		g.Remove("text.txt").Remove("bin.dat").Remove("link")
		if err := os.Symlink("kept.txt", filepath.Join(g.Dir, "link")); err != nil {
			t.Fatal(err)
		}
		g.Stage()
		cs := changeSet(t, open(t, g.Dir), local.RangeOptions{Staged: true})
		check(t, cs.Files)
	})
}
