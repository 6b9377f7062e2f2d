package local_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// TestCommitFilesOfMerges: a merge's files are what it changed against
// every parent, with only the lines new to all of them, so that what a
// merge carries over from a branch is scanned once, on the branch's commit,
// and what its conflict resolution writes (an "evil merge") is scanned on
// the merge. CommitPaths (the DLP check's) still lists a merge's files
// against its first parent.
func TestCommitFilesOfMerges(t *testing.T) {
	g := localtest.New(t)
	g.Write("a.txt", "one\ntwo\nthree\n").Write("b.txt", "bee\n").Commit("root")
	g.Git("checkout", "-q", "-b", "side")
	g.Write("side.txt", "from the side\n").Write("a.txt", "one\ntwo\nthree\nfour\n").Commit("side")
	g.Git("checkout", "-q", "main")
	g.Write("main.txt", "on main\n").Commit("main")
	g.Git("merge", "-q", "--no-ff", "-m", "merge side", "side")
	carried := g.Git("rev-parse", "HEAD")

	// Both sides change line 2 of a.txt; the resolution keeps both and
	// adds a line of its own.
	g.Git("checkout", "-q", "-b", "side2")
	g.Write("a.txt", "one\nTWO from side2\nthree\nfour\n").Commit("side2")
	g.Git("checkout", "-q", "main")
	g.Write("a.txt", "one\nTWO from main\nthree\nfour\n").Commit("main2")
	g.MergeConflicting("side2", "a.txt")
	g.Write("a.txt", "one\nTWO from main\nTWO from side2\nresolved = yes\nthree\nfour\n")
	conflict := g.Commit("merge side2, resolving a conflict")

	// A clean merge that also moves a file and adds one.
	g.Git("checkout", "-q", "-b", "side3")
	g.Write("side3.txt", "three\n").Commit("side3")
	g.Git("checkout", "-q", "main")
	g.Git("merge", "-q", "--no-ff", "--no-commit", "side3")
	g.Git("mv", "b.txt", "moved.txt")
	g.Write("evil.txt", "not on any branch\n")
	evil := g.Commit("merge side3, adding a file")

	// An octopus merge whose result has a line no parent has.
	for _, b := range []string{"o1", "o2"} {
		g.Git("checkout", "-q", "-b", b, "main")
		g.Write(b+".txt", b+"\n").Commit(b)
	}
	g.Git("checkout", "-q", "main")
	g.Git("merge", "-q", "--no-ff", "--no-commit", "o1", "o2")
	g.Write("o1.txt", "o1\noctopus\n")
	octopus := g.Commit("octopus")

	r := open(t, g.Dir)
	tests := []struct {
		name  string
		sha   string
		want  []fileSummary
		paths []string // CommitPaths: against the first parent
	}{
		{"a clean merge adds nothing", carried, []fileSummary{}, []string{"modified a.txt", "added side.txt"}},
		{"a conflict resolution adds the lines no parent has", conflict, []fileSummary{
			{Path: "a.txt", Status: "modified", Additions: 1, Added: []checks.Line{{No: 4, Text: "resolved = yes"}}, HasBlob: true},
		}, []string{"modified a.txt"}},
		{"a merge that adds a file and moves one", evil, []fileSummary{
			{Path: "evil.txt", Status: "added", Additions: 1, Added: []checks.Line{{No: 1, Text: "not on any branch"}}, HasBlob: true},
			{Path: "moved.txt", Previous: "b.txt", Status: "renamed", HasBlob: true},
			// CommitPaths lists a merge's move as a removal and an addition.
		}, []string{"removed b.txt", "added evil.txt", "added moved.txt", "added side3.txt"}},
		{"an octopus merge", octopus, []fileSummary{
			{Path: "o1.txt", Status: "added", Additions: 1, Added: []checks.Line{{No: 2, Text: "octopus"}}, HasBlob: true},
		}, []string{"added o1.txt", "added o2.txt"}},
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
			paths, err := r.CommitPaths(context.Background(), tt.sha)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, f := range paths {
				got = append(got, f.Status+" "+f.Path)
			}
			if !reflect.DeepEqual(got, tt.paths) {
				t.Errorf("CommitPaths: got %q, want %q", got, tt.paths)
			}
		})
	}
}
