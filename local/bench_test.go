package local_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// makeHistory writes, with one `git fast-import`, a main branch of one commit
// and a feature branch of n commits on top; each commit rewrites a few lines
// of `files` files out of 200 and adds one file, so diffs are real edits.
// It returns the repository and the size of the range's patches.
func makeHistory(b *testing.B, n, files int) (string, int64) {
	b.Helper()
	g := localtest.New(b)
	var s bytes.Buffer
	content := func(file, version int) string {
		var c bytes.Buffer
		for l := range 60 {
			v := 0
			if l%7 == version%7 {
				v = version
			}
			fmt.Fprintf(&c, "func f%d_%d() string { return \"value-%d-%d-%d\" } // line %d\n", file, l, file, l, v, l)
		}
		return c.String()
	}
	blob := func(path, data string) {
		fmt.Fprintf(&s, "M 100644 inline %s\ndata %d\n%s\n", path, len(data), data)
	}
	fmt.Fprintf(&s, "commit refs/heads/main\ncommitter B <b@example.com> 1704067200 +0000\ndata 4\nbase\n")
	blob("README.md", "# bench\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&s, "commit refs/heads/feature\ncommitter B <b@example.com> %d +0000\ndata %d\n%s\n", 1704067200+i*60, len(fmt.Sprint("commit ", i)), fmt.Sprint("commit ", i))
		if i == 1 {
			s.WriteString("from refs/heads/main\n")
		}
		for f := range files {
			file := (i*files + f) % 200
			blob(fmt.Sprintf("pkg%d/file%d.go", file%20, file), content(file, i))
		}
		blob(fmt.Sprintf("new/added%d.txt", i), content(1000+i, i))
	}
	s.WriteString("done\n")
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir, cmd.Stdin = g.Dir, &s
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v\n%s", err, out)
	}
	g.Git("checkout", "-q", "feature")
	size := int64(len(g.Git("log", "-p", "-U0", "main..feature")))
	return g.Dir, size
}

// BenchmarkReadRange reads a 1,000-commit range as the checks do: the change
// set (commit list and final diff), then every commit's diff. Bytes are the
// range's patch text (git log -p -U0).
func BenchmarkReadRange(b *testing.B) {
	dir, size := makeHistory(b, 1000, 4)
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		r, err := local.Open(ctx, dir)
		if err != nil {
			b.Fatal(err)
		}
		rg, err := r.ResolveRange(ctx, local.RangeOptions{})
		if err != nil {
			b.Fatal(err)
		}
		cs, err := r.ChangeSet(ctx, rg)
		if err != nil {
			b.Fatal(err)
		}
		if len(cs.Commits) != 1000 {
			b.Fatalf("%d commits", len(cs.Commits))
		}
		for _, c := range cs.Commits {
			if _, err := r.CommitFiles(ctx, c.SHA); err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
}

// BenchmarkGitLogAlone is the floor of BenchmarkReadRange: git printing the
// same range's commit diffs to nowhere, without any parsing.
func BenchmarkGitLogAlone(b *testing.B) {
	dir, size := makeHistory(b, 1000, 4)
	b.SetBytes(size)
	for b.Loop() {
		cmd := exec.Command("git", "log", "--reverse", "--raw", "-p", "-z", "-M", "-U0", "--no-abbrev", "--full-index", "main..feature")
		cmd.Dir = dir
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFileAt is one round trip to the shared cat-file process (a
// different name each time, so that the memo does not answer).
func BenchmarkFileAt(b *testing.B) {
	dir, _ := makeHistory(b, 50, 4)
	ctx := context.Background()
	r, err := local.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	head, err := r.Resolve(ctx, "HEAD")
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		// A fresh path each time: memoised answers would measure a map.
		i++
		if _, _, err := r.FileAt(ctx, head, fmt.Sprintf("new/added%d.txt#%d", i%50+1, i)); err != nil {
			b.Fatal(err)
		}
	}
}
