package local

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// combinedRaw is a two-parent merge's --raw -z --combined-all-paths record.
func combinedRaw(status, path string) string {
	return "::100644 100644 100644 " + blobA + " " + blobA + " " + blobB + " " + status + "\x00" + path + "\x00" + path + "\x00" + path + "\x00"
}

func combinedPatch(path string, lines ...string) string {
	return "diff --cc " + path + "\nindex 1111111,1111111..2222222\n--- a/" + path + "\n+++ b/" + path + "\n" + strings.Join(lines, "\n") + "\n"
}

// mergeFile is what the secrets check reads of a merge's file.
type mergeFile struct {
	Path, Previous, Status string
	PatchMissing           bool
	Additions, Deletions   int
	Added                  []checks.Line
	HasBlob                bool
}

func summarizeMerge(fs []checks.File) []mergeFile {
	out := make([]mergeFile, len(fs))
	for i, f := range fs {
		out[i] = mergeFile{f.Path, f.PreviousPath, f.Status, f.PatchMissing, f.Additions, f.Deletions, f.Added, f.BlobSHA != ""}
	}
	return out
}

func TestParseCombinedDiff(t *testing.T) {
	tests := []struct {
		name    string
		diff    string
		want    []mergeFile
		wantErr string
	}{
		{"only lines new to every parent, with the merge's line numbers",
			"\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt",
				"@@@ -1,2 -1,2 +1,4 @@@", " +from side", "+ from main", "++resolved", "- gone from main", "  context"),
			[]mergeFile{{Path: "a.txt", Status: "modified", Additions: 1, Deletions: 1, Added: []checks.Line{{No: 3, Text: "resolved"}}, HasBlob: true}}, ""},
		{"a listed file without a patch adds nothing",
			"\x00" + combinedRaw("MM", "a.txt") + combinedRaw("AM", "b.txt") + "\x00" + combinedPatch("b.txt", "@@@ -0,0 -1,0 +1,1 @@@", "++new"),
			[]mergeFile{
				{Path: "a.txt", Status: "modified", HasBlob: true},
				{Path: "b.txt", Status: "added", Additions: 1, Added: []checks.Line{{No: 1, Text: "new"}}, HasBlob: true},
			}, ""},
		{"a quoted path", "\x00" + combinedRaw("MM", "tab\there.txt") + "\x00" + `diff --cc "tab\there.txt"` + "\n@@@ -1,0 -1,0 +2,1 @@@\n++x\n",
			[]mergeFile{{Path: "tab\there.txt", Status: "modified", Additions: 1, Added: []checks.Line{{No: 2, Text: "x"}}, HasBlob: true}}, ""},
		{"a binary file is scanned whole", "\x00" + combinedRaw("MM", "b.dat") + "\x00" + "diff --cc b.dat\nindex 1,1..2\nBinary files differ\n",
			[]mergeFile{{Path: "b.dat", Status: "modified", PatchMissing: true, HasBlob: true}}, ""},
		{"a patch for a file not listed", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("z.txt", "@@@ -1,0 -1,0 +1,1 @@@", "++x"), nil, "did not list"},
		{"patches out of order", "\x00" + combinedRaw("MM", "a.txt") + combinedRaw("MM", "b.txt") + "\x00" + combinedPatch("b.txt", "@@@ -1,0 -1,0 +1,1 @@@", "++x") + combinedPatch("a.txt", "@@@ -1,0 -1,0 +1,1 @@@", "++y"), nil, "more patches"},
		{"a line both added and removed", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt", "@@@ -1,1 -1,0 +1,0 @@@", "+-x"), nil, "both added and removed"},
		{"an unknown status for the second parent", "\x00" + combinedRaw("MZ", "a.txt") + "\x00", nil, "unknown change status"},
		{"a negative line number", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt", "@@@ -1,0 -1,0 +-5,1 @@@", "++x"), nil, "malformed combined hunk header"},
		{"more lines than the header says", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt", "@@@ -1,0 -1,0 +1,1 @@@", "++x", "++y"), nil, "more lines than its hunk header"},
		{"fewer lines than the header says", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt", "@@@ -1,0 -1,0 +1,2 @@@", "++x"), nil, "short of its header"},
		{"a two-way hunk header in a merge", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt", "@@ -1,0 +1,1 @@", "++x"), nil, "outside any combined hunk"},
		{"an unknown prefix", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + combinedPatch("a.txt", "@@@ -1,0 -1,0 +1,1 @@@", "x+x"), nil, "unknown prefix"},
		{"a rename to the same path", "\x00" + combinedRaw("RM", "a.txt") + "\x00", nil, "renamed to itself"},
		{"a rename from the first parent's path",
			"\x00::100644 100644 100644 " + blobA + " " + blobA + " " + blobA + " RA\x00old.txt\x00new.txt\x00new.txt\x00\x00diff --cc new.txt\n",
			[]mergeFile{{Path: "new.txt", Previous: "old.txt", Status: "renamed", HasBlob: true}}, ""},
		{"a malformed record", "\x00::100644 100644 " + blobA + " " + blobB + " M\x00a.txt\x00", nil, "malformed combined file list"},
		{"a git diff section for a merge's file", "\x00" + combinedRaw("MM", "a.txt") + "\x00" + patch("a.txt", "x"), nil, "without a combined diff header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := newDiffParser().parse(strings.NewReader(tt.diff))
			if tt.wantErr != "" || tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one with %q (files %+v)", err, tt.wantErr, files)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := summarizeMerge(files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
