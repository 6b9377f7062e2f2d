package githubtest

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnifiedPatch(t *testing.T) {
	body := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n\tfmt.Println(2)\n\tfmt.Println(3)\n\tfmt.Println(4)\n\tfmt.Println(5)\n}\n"
	tests := []struct {
		name          string
		before, after string
		want          string
		adds, dels    int
	}{
		{
			name: "added file", before: "", after: "a\nb\n",
			want: "@@ -0,0 +1,2 @@\n+a\n+b", adds: 2,
		},
		{
			name: "deleted file", before: "a\nb\nc\n", after: "",
			want: "@@ -1,3 +0,0 @@\n-a\n-b\n-c", dels: 3,
		},
		{
			name: "one line file changed", before: "a\n", after: "b\n",
			want: "@@ -1 +1 @@\n-a\n+b", adds: 1, dels: 1,
		},
		{
			name:   "modified in the middle with function context",
			before: body,
			after:  strings.Replace(body, "\tfmt.Println(3)\n", "\tfmt.Println(\"three\")\n", 1),
			want:   "@@ -5,7 +5,7 @@ import \"fmt\"\n func main() {\n \tfmt.Println(1)\n \tfmt.Println(2)\n-\tfmt.Println(3)\n+\tfmt.Println(\"three\")\n \tfmt.Println(4)\n \tfmt.Println(5)\n }",
			adds:   1, dels: 1,
		},
		{
			name: "context line is the function header", before: "x\ny\nfunc f() {\n1\n2\n3\n4\n5\n}\n", after: "x\ny\nfunc f() {\n1\n2\n3\n4\nfive\n}\n",
			want: "@@ -5,5 +5,5 @@ func f() {\n 2\n 3\n 4\n-5\n+five\n }", adds: 1, dels: 1,
		},
		{
			name: "no newline at end added", before: "a\nb", after: "a\nb\n",
			want: "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b", adds: 1, dels: 1,
		},
		{
			name: "no newline at end on both sides", before: "a\nb", after: "A\nb",
			want: "@@ -1,2 +1,2 @@\n-a\n+A\n b\n\\ No newline at end of file", adds: 1, dels: 1,
		},
		{
			name: "new file without newline", before: "", after: "x",
			want: "@@ -0,0 +1 @@\n+x\n\\ No newline at end of file", adds: 1,
		},
		{
			name: "CRLF preserved", before: "a\r\nb\r\nc\r\n", after: "a\r\nB\r\nc\r\n",
			want: "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r", adds: 1, dels: 1,
		},
		{
			name: "line ending change only", before: "a\nb\n", after: "a\r\nb\n",
			want: "@@ -1,2 +1,2 @@\n-a\n+a\r\n b", adds: 1, dels: 1,
		},
		{
			name:   "changes 7 lines apart make two hunks",
			before: "1\n2\n3\n4\n5\n6\n7\n8\n9\n", after: "one\n2\n3\n4\n5\n6\n7\n8\nnine\n",
			want: "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+nine", adds: 2, dels: 2,
		},
		{
			name:   "changes 6 lines apart share a hunk",
			before: "1\n2\n3\n4\n5\n6\n7\n8\n", after: "one\n2\n3\n4\n5\n6\n7\neight\n",
			want: "@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight", adds: 2, dels: 2,
		},
		{
			name: "identical", before: "same\n", after: "same\n", want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, adds, dels := unifiedPatch(tt.before, tt.after)
			if got != tt.want {
				t.Errorf("patch:\n%s\nwant:\n%s", got, tt.want)
			}
			if adds != tt.adds || dels != tt.dels {
				t.Errorf("additions/deletions = %d/%d, want %d/%d", adds, dels, tt.adds, tt.dels)
			}
		})
	}
}

// TestUnifiedPatchMatchesGit compares the fake's patches with git's own on
// random edits of repetitive text, where minimal diffs are most ambiguous.
// git's indent heuristic is turned off: the fake does not implement it.
func TestUnifiedPatchMatchesGit(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Fatalf("git is needed to compare patches: %v", err)
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(7))
	words := []string{"a\n", "b\n", "}\n", "func x() {\n", "\n", "\treturn\n", "d\r\n"}
	for i := 0; i < 150; i++ {
		var lines []string
		for n := rng.Intn(25); n > 0; n-- {
			lines = append(lines, words[rng.Intn(len(words))])
		}
		before := strings.Join(lines, "")
		for k := 1 + rng.Intn(4); k > 0; k-- {
			p := rng.Intn(len(lines) + 1)
			switch w := words[rng.Intn(len(words))]; {
			case rng.Intn(2) == 0 || p == len(lines):
				lines = append(lines[:p], append([]string{w}, lines[p:]...)...)
			default:
				lines = append(lines[:p], lines[p+1:]...)
			}
		}
		after := strings.Join(lines, "")
		if rng.Intn(5) == 0 {
			after = strings.TrimSuffix(after, "\n")
		}
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		if err := os.WriteFile(a, []byte(before), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(b, []byte(after), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(gitBin, "diff", "--diff-algorithm=myers", "--no-indent-heuristic", "--no-index", "--no-color", "--unified=3", a, b)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, _ := cmd.Output()
		want := ""
		if at := strings.Index(string(out), "@@"); at >= 0 {
			want = strings.TrimSuffix(string(out[at:]), "\n")
		}
		if got, _, _ := unifiedPatch(before, after); got != want {
			t.Fatalf("case %d: before %q after %q\ngit:\n%s\nfake:\n%s", i, before, after, want, got)
		}
	}
}

// manyFiles is n files of 40 lines each, with one line changed by variant.
func manyFiles(n int, variant string) map[string]*string {
	files := make(map[string]*string, n)
	for i := 0; i < n; i++ {
		var sb strings.Builder
		for l := 0; l < 40; l++ {
			if l == 20 {
				fmt.Fprintf(&sb, "value = %q\n", variant)
				continue
			}
			fmt.Fprintf(&sb, "line %d of file %d\n", l, i)
		}
		files[fmt.Sprintf("pkg%02d/file%04d.txt", i%50, i)] = Content(sb.String())
	}
	return files
}

// BenchmarkDiff3000Files measures computing the files of a 3000-file PR
// (every file modified in one line), uncached.
func BenchmarkDiff3000Files(b *testing.B) {
	s := New(b)
	repo := s.AddRepo("octo-org", "widgets")
	base := repo.Commit("main", "base", "alice", manyFiles(3000, "old"))
	head := repo.Commit("main", "head", "alice", manyFiles(3000, "new"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.mu.Lock()
		s.diffs = diffCache{}
		files := s.diffCommitsLocked(base, head)
		s.mu.Unlock()
		if len(files) != 3000 || !files[0].hasPatch {
			b.Fatalf("got %d files", len(files))
		}
	}
}
