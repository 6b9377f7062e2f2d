package checks

import (
	"reflect"
	"strings"
	"testing"
)

func TestParsePatch(t *testing.T) {
	cases := []struct {
		name    string
		patch   string
		want    []Line
		wantErr string
	}{
		{
			name:  "new file",
			patch: "@@ -0,0 +1,3 @@\n+a\n+b\n+c",
			want:  []Line{{1, "a"}, {2, "b"}, {3, "c"}},
		},
		{
			name:  "modify with context",
			patch: "@@ -1,5 +1,6 @@\n one\n two\n-three\n+THREE\n+three and a half\n four\n five\n",
			want:  []Line{{3, "THREE"}, {4, "three and a half"}},
		},
		{
			name:  "two hunks with section headings",
			patch: "@@ -1,2 +1,2 @@ func a() {\n-x\n+y\n z\n@@ -10,3 +10,4 @@ func b() {\n p\n q\n+r\n s",
			want:  []Line{{1, "y"}, {12, "r"}},
		},
		{
			name:  "deletion only",
			patch: "@@ -1,2 +0,0 @@\n-a\n-b",
			want:  nil,
		},
		{
			name:  "no newline at end of file",
			patch: "@@ -1 +1 @@\n-old\n\\ No newline at end of file\n+new\n\\ No newline at end of file",
			want:  []Line{{1, "new"}},
		},
		{
			name:  "CRLF kept in text",
			patch: "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n",
			want:  []Line{{2, "c\r"}},
		},
		{
			name:  "single-line counts omitted",
			patch: "@@ -3 +3,2 @@\n x\n+y",
			want:  []Line{{4, "y"}},
		},
		{
			name:  "git headers skipped",
			patch: "diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+b",
			want:  []Line{{2, "b"}},
		},
		{
			name:  "empty context line without its space",
			patch: "@@ -1,3 +1,4 @@\n a\n\n+x\n c",
			want:  []Line{{3, "x"}},
		},
		{
			name:  "added line that looks like a header",
			patch: "@@ -0,0 +1,2 @@\n+++ not a header\n+--- nor this",
			want:  []Line{{1, "++ not a header"}, {2, "--- nor this"}},
		},
		{name: "empty patch", patch: "", want: nil},
		{name: "malformed header", patch: "@@ -1,2 +x @@\n a", wantErr: "malformed hunk header"},
		{name: "lines added at line 0", patch: "@@ -0,0 +0,2 @@\n+a\n+b", wantErr: "malformed hunk header"},
		{name: "truncated", patch: "@@ -1,3 +1,3 @@\n a\n b", wantErr: "short of its last hunk header"},
		{name: "too many additions", patch: "@@ -1 +1 @@\n-a\n+b\n+c", wantErr: "outside any hunk"},
		{name: "garbage line", patch: "@@ -1,2 +1,2 @@\n a\n?b", wantErr: "starts with '?'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParsePatch(c.patch)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePatch: %v", err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func FuzzParsePatch(f *testing.F) {
	f.Add("@@ -1,5 +1,6 @@\n one\n two\n-three\n+THREE\n+x\n four\n five\n")
	f.Add("@@ -0,0 +1 @@\n+a\n\\ No newline at end of file")
	f.Fuzz(func(t *testing.T, patch string) {
		lines, err := ParsePatch(patch)
		if err != nil {
			return
		}
		for i := 1; i < len(lines); i++ {
			if lines[i].No <= lines[i-1].No {
				t.Fatalf("line numbers not increasing: %v", lines)
			}
		}
	})
}

func TestAddedRuns(t *testing.T) {
	got := AddedRuns([]Line{{1, "a"}, {2, "b"}, {5, "c"}, {6, "d"}, {9, "e"}})
	want := [][]Line{{{1, "a"}, {2, "b"}}, {{5, "c"}, {6, "d"}}, {{9, "e"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if AddedRuns(nil) != nil {
		t.Error("no lines must give no runs")
	}
}
