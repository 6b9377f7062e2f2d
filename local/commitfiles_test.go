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

func open(t *testing.T, dir string) *local.Repo {
	t.Helper()
	r, err := local.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// fileSummary is what a check relies on in a changed file.
type fileSummary struct {
	Path, Previous, Status string
	PatchMissing           bool
	Additions, Deletions   int
	Added                  []checks.Line
	HasBlob                bool
}

func summarize(fs []checks.File) []fileSummary {
	out := make([]fileSummary, len(fs))
	for i, f := range fs {
		out[i] = fileSummary{f.Path, f.PreviousPath, f.Status, f.PatchMissing, f.Additions, f.Deletions, f.Added, f.BlobSHA != ""}
	}
	return out
}

func TestCommitFiles(t *testing.T) {
	g := localtest.New(t)
	root := g.Write("a.txt", "one\ntwo\n").Write("dir/b.txt", "bee\n").Commit("root")
	g.Write("a.txt", "one\n2\nthree\n")
	modified := g.Commit("modify")
	g.Git("mv", "dir/b.txt", "c.txt")
	renamed := g.Commit("rename")
	g.Write("bin.dat", "\x00\x01\x02binary")
	binary := g.Commit("binary")
	g.Remove("a.txt")
	removed := g.Commit("remove")
	g.Write("odd name\twith tab é.txt", "x\n").Write("line\nbreak.txt", "y\n")
	odd := g.Commit("odd paths")
	if err := os.Symlink("c.txt", filepath.Join(g.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	link := g.Commit("symlink")
	g.Remove("link").Write("link", "now a file\n")
	typeChange := g.Commit("type change")
	g.Write("tricky.txt", "diff --git a/x b/x\n@@ -1 +1 @@\n")
	tricky := g.Commit("content that looks like a diff header")
	empty := g.Commit("empty")

	r := open(t, g.Dir)
	tests := []struct {
		name string
		sha  string
		want []fileSummary
	}{
		{"root commit against the empty tree", root, []fileSummary{
			{Path: "a.txt", Status: "added", Additions: 2, Added: []checks.Line{{No: 1, Text: "one"}, {No: 2, Text: "two"}}, HasBlob: true},
			{Path: "dir/b.txt", Status: "added", Additions: 1, Added: []checks.Line{{No: 1, Text: "bee"}}, HasBlob: true},
		}},
		{"modification with new-file line numbers", modified, []fileSummary{
			{Path: "a.txt", Status: "modified", Additions: 2, Deletions: 1, Added: []checks.Line{{No: 2, Text: "2"}, {No: 3, Text: "three"}}, HasBlob: true},
		}},
		{"rename detected", renamed, []fileSummary{
			{Path: "c.txt", Previous: "dir/b.txt", Status: "renamed", HasBlob: true},
		}},
		{"binary file has no patch", binary, []fileSummary{
			{Path: "bin.dat", Status: "added", PatchMissing: true, HasBlob: true},
		}},
		// git prints no lines of a deleted file, so none are counted.
		{"removal", removed, []fileSummary{
			{Path: "a.txt", Status: "removed"},
		}},
		{"paths with tabs, newlines and non-ASCII", odd, []fileSummary{
			{Path: "line\nbreak.txt", Status: "added", Additions: 1, Added: []checks.Line{{No: 1, Text: "y"}}, HasBlob: true},
			{Path: "odd name\twith tab é.txt", Status: "added", Additions: 1, Added: []checks.Line{{No: 1, Text: "x"}}, HasBlob: true},
		}},
		{"symlink added", link, []fileSummary{
			{Path: "link", Status: "added", Additions: 1, Added: []checks.Line{{No: 1, Text: "c.txt"}}, HasBlob: true},
		}},
		{"type change printed as two patches", typeChange, []fileSummary{
			{Path: "link", Status: "changed", Additions: 1, Added: []checks.Line{{No: 1, Text: "now a file"}}, HasBlob: true},
		}},
		{"content that looks like a header", tricky, []fileSummary{
			{Path: "tricky.txt", Status: "added", Additions: 2, Added: []checks.Line{{No: 1, Text: "diff --git a/x b/x"}, {No: 2, Text: "@@ -1 +1 @@"}}, HasBlob: true},
		}},
		{"empty commit", empty, []fileSummary{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := r.CommitFiles(context.Background(), tt.sha)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			// A diff is handed out once; asking again reads it anew.
			again, err := r.CommitFiles(context.Background(), tt.sha)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(again); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("read again: got  %+v\nwant %+v", got, tt.want)
			}
			slim, err := r.CommitPaths(context.Background(), tt.sha)
			if err != nil {
				t.Fatal(err)
			}
			// Without the patches or the pairing of renames (see
			// pathArgs), the same paths and blobs.
			if got, want := touches(slim), touches(files); !reflect.DeepEqual(got, want) {
				t.Errorf("CommitPaths touch %v, CommitFiles %v", got, want)
			}
		})
	}
}

func TestCommitFilesRejectsWhatIsNotACommit(t *testing.T) {
	g := localtest.New(t)
	g.Write("a", "a\n").Commit("a")
	r := open(t, g.Dir)
	for _, sha := range []string{"HEAD", "--output=/tmp/x", strings.Repeat("0", 40)} {
		t.Run(sha, func(t *testing.T) {
			if _, err := r.CommitFiles(context.Background(), sha); err == nil {
				t.Errorf("CommitFiles(%q) succeeded", sha)
			}
		})
	}
}
