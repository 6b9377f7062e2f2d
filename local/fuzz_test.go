package local

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// FuzzDiffParser feeds the git diff parser arbitrary output: file names and
// contents are the committer's, so the parser must never pair a patch with
// the wrong file or return a file whose fields disagree, and a parser reused
// from one diff to the next must give what a fresh one gives.
// Run: go test -tags gore2regex -run '^$' -fuzz '^FuzzDiffParser$' ./local/
func FuzzDiffParser(f *testing.F) {
	for _, s := range realDiffs(f) {
		f.Add(s)
	}
	f.Add([]byte("\n" + raw("M", "a.txt") + raw("A", "b.txt") + "\x00" + patch("a.txt", "one", "two") + patch("b.txt", "bee") + "\x00\x00"))
	f.Add([]byte(raw("T", "link") + raw("U", "conflict.txt") + raw("M", "z.txt") + "\x00" + patch("link", "gone") + patch("link", "target") + "* Unmerged path conflict.txt\n" + patch("z.txt", "zed")))
	f.Add([]byte(raw("R100", "old.txt", "new.txt") + "\x00" + patch("new.txt", "x")))
	f.Add([]byte("\x00" + combinedRaw("MM", "a.txt") + combinedRaw("AA", "b.txt") + "\x00" + combinedPatch("a.txt", "@@@ -1,1 -1,1 +1,2 @@@", "- one", " -uno", "++new") + "\x00\x00"))
	reused := newDiffParser()
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := reused.parse(bytes.NewReader(data))
		fresh, ferr := newDiffParser().parse(bytes.NewReader(data))
		if (err == nil) != (ferr == nil) || !reflect.DeepEqual(files, fresh) {
			t.Fatalf("a reused parser answers %v, %+v; a fresh one %v, %+v", err, files, ferr, fresh)
		}
		if err != nil {
			if files != nil {
				t.Fatal("an error with files")
			}
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		for i, f := range files {
			if msg := inconsistency(f); msg != "" {
				t.Fatalf("file %d %+v: %s", i, f, msg)
			}
		}
	})
}

// inconsistency says what is wrong with a parsed file, or "".
func inconsistency(f checks.File) string {
	known := false
	for _, s := range statusNames {
		known = known || f.Status == s
	}
	switch {
	case !known:
		return "unknown status"
	case f.Path == "":
		return "no path"
	case (f.PreviousPath != "") != (f.Status == "renamed" || f.Status == "copied"):
		return "a previous path without a rename, or a rename without one"
	case f.Removed() && f.BlobSHA != "":
		return "a removed file with a blob"
	case f.PatchMissing && (f.Patch != "" || len(f.Added) > 0 || f.Additions != 0 || f.Deletions != 0):
		return "no patch, yet lines"
	case !f.PatchMissing && f.Patch == "" && (len(f.Added) > 0 || f.Deletions != 0):
		// A merge's file that takes each line from one of its parents has
		// no patch in a dense combined diff, and adds nothing.
		return "lines without a patch"
	case f.Additions != len(f.Added) || f.Deletions < 0:
		return "line counts disagree with the lines"
	}
	for _, l := range f.Added {
		if l.No < 1 || strings.Contains(l.Text, "\n") {
			return "an added line with no number or with a newline"
		}
	}
	return ""
}

// realDiffs returns what git prints, with diffArgs, for a modification, an
// addition, a removal, a rename, a binary file, a type change and a mode
// change: the parser's real inputs.
func realDiffs(f *testing.F) [][]byte {
	r := localtest.New(f)
	r.Write("a.txt", "one\ntwo\n").Write("old.txt", strings.Repeat("same line\n", 20)).Write("gone.txt", "x\n").Write("link", "target\n")
	base := r.Commit("base")
	r.Write("a.txt", "one\n2\nthree\r\n").Write("b.txt", "bee").Remove("gone.txt").Remove("old.txt")
	r.Write("new.txt", strings.Repeat("same line\n", 20)+"more\n").Write("bin.dat", "\x00\x01\x02binary")
	r.Remove("link")
	if err := os.Symlink("a.txt", filepath.Join(r.Dir, "link")); err != nil {
		f.Fatal(err)
	}
	head := r.Commit("head")
	if !strings.Contains(r.Git("diff", "--raw", base, head), " T\tlink") {
		f.Fatal("the seed repository has no type change")
	}
	var out [][]byte
	for _, args := range [][]string{
		append(append([]string{"diff"}, diffArgs...), base, head),
		append(append([]string{"log", "--format=%H", "-m", "--first-parent"}, diffArgs...), head, "-1"),
		append(append([]string{"diff"}, diffArgs...), head, head),
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = r.Dir
		b, err := cmd.Output()
		if err != nil {
			f.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		out = append(out, b)
	}
	return out
}
