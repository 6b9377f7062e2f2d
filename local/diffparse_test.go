package local

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

const (
	blobA = "1111111111111111111111111111111111111111"
	blobB = "2222222222222222222222222222222222222222"
	zero  = "0000000000000000000000000000000000000000"
)

func raw(status, path string, more ...string) string {
	dst := blobB
	if status == "D" {
		dst = zero
	}
	s := ":100644 100644 " + blobA + " " + dst + " " + status + "\x00" + path + "\x00"
	for _, m := range more {
		s += m + "\x00"
	}
	return s
}

func patch(path string, lines ...string) string {
	s := "diff --git a/" + path + " b/" + path + "\nindex " + blobA + ".." + blobB + " 100644\n--- a/" + path + "\n+++ b/" + path + "\n@@ -1 +1," + strconv.Itoa(len(lines)) + " @@\n-old\n"
	for _, l := range lines {
		s += "+" + l + "\n"
	}
	return s
}

// TestDiffParser feeds the parser what git prints and checks the files the
// checks would see, including the shapes that pair records with patches
// unevenly and lines longer than the parser's buffer.
func TestDiffParser(t *testing.T) {
	long := strings.Repeat("k", 200<<10) // over three buffers' worth
	tests := []struct {
		name    string
		out     string
		want    []checks.File
		wantErr string
	}{
		{name: "nothing changed", out: ""},
		{
			name: "two files, as git log prints them",
			out:  "\n" + raw("M", "a.txt") + raw("A", "b.txt") + "\x00" + patch("a.txt", "one", "two") + patch("b.txt", "bee") + "\x00\x00",
			want: []checks.File{
				{Path: "a.txt", Status: "modified", BlobSHA: blobB, Additions: 2, Deletions: 1, Added: []checks.Line{{No: 1, Text: "one"}, {No: 2, Text: "two"}}},
				{Path: "b.txt", Status: "added", BlobSHA: blobB, Additions: 1, Deletions: 1, Added: []checks.Line{{No: 1, Text: "bee"}}},
			},
		},
		{
			name: "a rename, and a line longer than the buffer",
			out:  raw("R100", "old.txt", "new.txt") + "\x00" + patch("new.txt", long, "short"),
			want: []checks.File{{Path: "new.txt", PreviousPath: "old.txt", Status: "renamed", BlobSHA: blobB, Additions: 2, Deletions: 1, Added: []checks.Line{{No: 1, Text: long}, {No: 2, Text: "short"}}}},
		},
		{
			name: "a type change has two patches, an unmerged path none",
			out:  raw("T", "link") + raw("U", "conflict.txt") + raw("M", "z.txt") + "\x00" + patch("link", "gone") + patch("link", "target") + "* Unmerged path conflict.txt\n" + patch("z.txt", "zed"),
			want: []checks.File{
				{Path: "link", Status: "changed", BlobSHA: blobB, Additions: 2, Deletions: 2, Added: []checks.Line{{No: 1, Text: "gone"}, {No: 1, Text: "target"}}},
				{Path: "conflict.txt", Status: "modified", BlobSHA: blobB, PatchMissing: true},
				{Path: "z.txt", Status: "modified", BlobSHA: blobB, Additions: 1, Deletions: 1, Added: []checks.Line{{No: 1, Text: "zed"}}},
			},
		},
		{
			name: "a binary file has no patch and no counts",
			out:  raw("A", "bin.dat") + "\x00" + "diff --git a/bin.dat b/bin.dat\nnew file mode 100644\nindex " + zero + ".." + blobB + "\nBinary files /dev/null and b/bin.dat differ\n",
			want: []checks.File{{Path: "bin.dat", Status: "added", BlobSHA: blobB, PatchMissing: true}},
		},
		{
			name: "a removed file has no blob",
			out:  raw("D", "gone.txt") + "\x00" + "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
			want: []checks.File{{Path: "gone.txt", Status: "removed", Deletions: 1}},
		},
		{
			// --irreversible-delete: the header alone, as for a deleted
			// binary file and the deleted half of a type change.
			name: "a removed file printed without its lines",
			out:  raw("D", "gone.txt") + raw("T", "link") + "\x00" + "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\nindex " + blobA + ".." + zero + "\n" + "diff --git a/link b/link\ndeleted file mode 100644\nindex " + blobA + ".." + zero + "\n" + "diff --git a/link b/link\nnew file mode 120000\nindex " + zero + ".." + blobB + "\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+target\n\\ No newline at end of file\n",
			want: []checks.File{
				{Path: "gone.txt", Status: "removed"},
				{Path: "link", Status: "changed", BlobSHA: blobB, Additions: 1, Added: []checks.Line{{No: 1, Text: "target"}}},
			},
		},
		{name: "a patch too many", out: raw("M", "a.txt") + "\x00" + patch("a.txt", "1") + patch("b.txt", "2"), wantErr: "more patches than the 1 changed files"},
		{name: "a patch too few", out: raw("M", "a.txt") + raw("M", "b.txt") + "\x00" + patch("a.txt", "1"), wantErr: "listed 2 changed files but printed 1 patches"},
		{name: "a patch without its file list", out: patch("a.txt", "1"), wantErr: "without its file list"},
		{name: "a truncated file list", out: ":100644 100644 " + blobA, wantErr: "truncated file list"},
		{name: "a malformed file list", out: ":100644 M\x00a.txt\x00", wantErr: "malformed file list"},
		{name: "an unknown status", out: raw("X", "a.txt"), wantErr: "unknown change status"},
		{name: "a file without a path", out: raw("A", "") + "\x00diff --git \n", wantErr: "a file without a path"},
		{name: "a rename without its new path", out: raw("R100", "old.txt", ""), wantErr: "a file without a path"},
	}
	p := newDiffParser() // shared, as a commit stream shares it
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.parse(strings.NewReader(tt.out))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i].Patch = "" // checked below for the first file only
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("files:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	t.Run("a file's patch is its own text", func(t *testing.T) {
		files, err := p.parse(strings.NewReader(raw("M", "a.txt") + raw("A", "b.txt") + "\x00" + patch("a.txt", "one") + patch("b.txt", "bee")))
		if err != nil {
			t.Fatal(err)
		}
		if files[0].Patch != patch("a.txt", "one") || files[1].Patch != patch("b.txt", "bee") {
			t.Errorf("patches %q and %q", files[0].Patch, files[1].Patch)
		}
	})
}
