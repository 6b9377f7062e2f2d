package local_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// history makes n commits on a feature branch, each adding a file of size
// bytes (a renamed file and a removal among them), and returns their SHAs.
func history(t *testing.T, n, size int) (*localtest.Repo, []string) {
	t.Helper()
	g := localtest.New(t)
	g.Write("base.txt", "base\n").Commit("base")
	g.Git("checkout", "-q", "-b", "feature")
	var shas []string
	line := strings.Repeat("x", 63) + "\n"
	for i := range n {
		switch i {
		case 1:
			g.Git("mv", "f0.txt", "moved.txt")
		case 2:
			g.Remove("base.txt")
		}
		g.Write(fmt.Sprintf("f%d.txt", i), fmt.Sprintf("commit %d\n", i)+strings.Repeat(line, size/64))
		shas = append(shas, g.Commit(fmt.Sprintf("commit %d", i)))
	}
	return g, shas
}

// readAtStall scans main..feature with the given read-ahead budget, nobody
// taking a commit, and returns how many commits the stream read before it
// stopped for room. The stream counts a commit before it stops, and nobody
// takes one, so the count at the stop is final.
func readAtStall(t *testing.T, r *local.Repo, budget int64) int64 {
	t.Helper()
	local.SetReadAhead(r, budget)
	var read atomic.Int64
	r.SetProgress(func(n, _ int) { read.Store(int64(n)) })
	stall := make(chan struct{}, 1)
	local.OnReadAheadStall(r, func() {
		select {
		case stall <- struct{}{}:
		default:
		}
	})
	changeSet(t, r, local.RangeOptions{Base: "main", Head: "feature"})
	select {
	case <-stall:
	case <-time.After(20 * time.Second):
		t.Fatalf("the stream never stopped for room; %d commits read", read.Load())
	}
	return read.Load()
}

// The read-ahead counts what a diff holds, its added lines' records as well
// as its text: a commit of many short lines holds several times its text.
func TestReadAheadCountsAddedLines(t *testing.T) {
	g := localtest.New(t)
	g.Write("base.txt", "base\n").Commit("base")
	g.Git("checkout", "-q", "-b", "feature")
	const lines = 2000 // 6 kB of patch text each, 48 kB of records on 64-bit
	for i := range 12 {
		g.Write(fmt.Sprintf("f%d.txt", i), strings.Repeat("x\n", lines)).Commit(fmt.Sprint(i))
	}
	// By text alone, 40 kB holds six such commits.
	if read := readAtStall(t, open(t, g.Dir), 40<<10); read > 2 {
		t.Errorf("with nobody reading, %d commits were read ahead; want at most 2", read)
	}
}

// A scan of a long history holds only a bounded read-ahead of commit diffs:
// git stops while nobody takes them, goes on for a caller that waits for a
// later commit, and every commit still reads in full, as often as asked.
func TestReadAheadIsBounded(t *testing.T) {
	const commits, size, budget = 24, 8 << 10, 20 << 10
	g, shas := history(t, commits, size)
	r := open(t, g.Dir)
	stalled := readAtStall(t, r, budget)
	if limit := int64(budget/size + 2); stalled == 0 || stalled > limit {
		t.Fatalf("with nobody reading, %d commits were read ahead; want 1 to %d", stalled, limit)
	}

	ctx := context.Background()
	check := func(t *testing.T, i int) {
		t.Helper()
		files, err := r.CommitFiles(ctx, shas[i])
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("f%d.txt", i)
		var added int
		for _, f := range files {
			if f.Path == want {
				added = f.Additions
			}
		}
		if added != size/64+1 {
			t.Errorf("commit %d: %s has %d added lines, want %d (files %v)", i, want, added, size/64+1, paths(files))
		}
	}
	tests := []struct {
		name  string
		order []int
	}{
		{"the last commit first, behind the stalled ones", []int{commits - 1}},
		{"in order", func() []int {
			var all []int
			for i := range commits {
				all = append(all, i)
			}
			return all
		}()},
		{"again, read anew from git", []int{0, 5, commits - 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				for _, i := range tt.order {
					check(t, i)
				}
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("CommitFiles waits for ever")
			}
		})
	}
}

// CommitPaths lists what CommitFiles does, from a stream of its own, renames
// as a removal and an addition.
func TestCommitPathsListWhatCommitFilesDoes(t *testing.T) {
	g, shas := history(t, 5, 128)
	r := open(t, g.Dir)
	changeSet(t, r, local.RangeOptions{Base: "main", Head: "feature"})
	ctx := context.Background()
	for i, sha := range shas {
		t.Run(fmt.Sprintf("commit %d", i), func(t *testing.T) {
			full, err := r.CommitFiles(ctx, sha)
			if err != nil {
				t.Fatal(err)
			}
			slim, err := r.CommitPaths(ctx, sha)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := touches(slim), touches(full); !reflect.DeepEqual(got, want) {
				t.Errorf("CommitPaths touch %v, CommitFiles %v", got, want)
			}
			for _, f := range slim {
				if f.Patch != "" || len(f.Added) > 0 {
					t.Errorf("CommitPaths kept the patch of %s", f.Path)
				}
			}
		})
	}
}

// Merges stream from a git process of their own (see prefetch); the
// read-ahead still holds both streams while nobody takes a commit, and a
// caller waiting for a commit of either stream gets it, in any order.
func TestReadAheadOfMergesAndCommits(t *testing.T) {
	const rounds, size, budget = 8, 8 << 10, 20 << 10
	g := localtest.New(t)
	g.Write("base.txt", "base\n").Commit("base")
	g.Git("checkout", "-q", "-b", "feature")
	line := strings.Repeat("y", 63) + "\n"
	var commits, merges []string
	for i := range rounds {
		g.Git("checkout", "-q", "-b", fmt.Sprintf("side%d", i))
		commits = append(commits, g.Write(fmt.Sprintf("s%d.txt", i), strings.Repeat(line, size/64)).Commit(fmt.Sprintf("side %d", i)))
		g.Git("checkout", "-q", "feature")
		g.Git("merge", "-q", "--no-ff", "--no-commit", fmt.Sprintf("side%d", i))
		g.Write(fmt.Sprintf("m%d.txt", i), fmt.Sprintf("written by merge %d\n", i))
		merges = append(merges, g.Commit(fmt.Sprintf("merge %d", i)))
	}
	r := open(t, g.Dir)
	if stalled := readAtStall(t, r, budget); stalled == 0 || stalled > 2*rounds-2 {
		t.Fatalf("with nobody reading, %d of %d commits were read ahead", stalled, 2*rounds)
	}
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		// The last merge first, then the rest from the end.
		for i := rounds - 1; i >= 0; i-- {
			for _, sha := range []string{merges[i], commits[i]} {
				files, err := r.CommitFiles(ctx, sha)
				if err != nil {
					t.Error(err)
					return
				}
				want := []string{fmt.Sprintf("added s%d.txt", i)}
				if sha == merges[i] {
					want = []string{fmt.Sprintf("added m%d.txt", i)}
				}
				if got := paths(files); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: files %q, want %q", sha[:7], got, want)
				}
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("CommitFiles waits for ever")
	}
}
