package local_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local"
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

	// A merge that moves a file and edits it (pairing it needs rename
	// detection by similarity), and one that removes a file.
	body := "a first line long enough to pair the move\nand a second one\nand a third one\n"
	g.Write("c.txt", body).Commit("c")
	g.Git("checkout", "-q", "-b", "side4")
	g.Write("side4.txt", "four\n").Commit("side4")
	g.Git("checkout", "-q", "main")
	g.Git("merge", "-q", "--no-ff", "--no-commit", "side4")
	g.Git("mv", "c.txt", "d.txt")
	g.Write("d.txt", body+"token = edited while moved\n")
	edited := g.Commit("merge side4, moving and editing a file")
	g.Git("checkout", "-q", "-b", "side5")
	g.Write("side5.txt", "five\n").Commit("side5")
	g.Git("checkout", "-q", "main")
	g.Git("merge", "-q", "--no-ff", "--no-commit", "side5")
	g.Remove("d.txt")
	removal := g.Commit("merge side5, removing a file")

	// A branch moves and edits a file that main edits too: the merge's
	// file is new to main at that path, yet a move of main's.
	g.Write("e.txt", body).Commit("e")
	g.Git("checkout", "-q", "-b", "side6")
	g.Git("mv", "e.txt", "f.txt")
	g.Write("f.txt", body+"edited on the side\n").Commit("side6 moves e")
	g.Git("checkout", "-q", "main")
	g.Write("e.txt", "main's own first line\n"+body).Commit("main edits e")
	g.Git("merge", "-q", "--no-ff", "-m", "merge side6", "side6")
	crossed := g.Git("rev-parse", "HEAD")

	r := open(t, g.Dir)
	// The same merges read by a range's streams (see prefetch).
	streamed := map[string][]checks.File{}
	ranged := open(t, g.Dir)
	for _, c := range changeSet(t, ranged, local.RangeOptions{All: true}).Commits {
		files, err := ranged.CommitFiles(context.Background(), c.SHA)
		if err != nil {
			t.Fatal(err)
		}
		streamed[c.SHA] = files
	}
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
		{"a merge that moves a file and edits it", edited, []fileSummary{
			{Path: "d.txt", Previous: "c.txt", Status: "renamed", Additions: 1, Added: []checks.Line{{No: 4, Text: "token = edited while moved"}}, HasBlob: true},
		}, []string{"removed c.txt", "added d.txt", "added side4.txt"}},
		{"a merge that removes a file", removal, []fileSummary{
			{Path: "d.txt", Status: "removed"},
		}, []string{"removed d.txt", "added side5.txt"}},
		{"a merge of a move with an edit of the moved file", crossed, []fileSummary{
			{Path: "f.txt", Previous: "e.txt", Status: "renamed", HasBlob: true},
		}, []string{"removed e.txt", "added f.txt"}},
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
			if got := summarize(streamed[tt.sha]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("read with the range: got  %+v\nwant %+v", got, tt.want)
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
