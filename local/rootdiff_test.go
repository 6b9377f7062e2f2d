package local

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

// The final diff of a scan from the root of history reads line counts, not
// patches, and gives every kind of file exactly what the slim patch diff
// gave: text (with and without a last newline, CRLF, odd paths), empty and
// binary files, binary by attribute, a symlink, a submodule, files whose
// patch is over or just under the size a slim diff drops.
func TestRootFilesAreTheSlimDiff(t *testing.T) {
	g := localtest.New(t)
	sub := g.Write("x", "x\n").Commit("for the submodule")
	g.Remove("x")
	line := strings.Repeat("y", 99) + "\n"
	g.Write("a.txt", "one\ntwo\n").
		Write("no-newline.txt", "last").
		Write("crlf.txt", "a\r\nb\r\n").
		Write("empty", "").
		Write("bin.dat", "\x00\x01binary").
		Write("attr.txt", "text marked binary\n").
		Write(".gitattributes", "attr.txt binary\n").
		Write("dir/odd name\twith tab é.txt", "odd\n").
		Write("line\nbreak.txt", "nl\n").
		Write("big.txt", strings.Repeat(line, maxSlimPatch/len(line)+10)).
		Write("near.txt", strings.Repeat(line, maxSlimPatch/(len(line)+1)-2))
	if err := os.Symlink("a.txt", filepath.Join(g.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	// A submodule has no work tree here: committed from the index alone.
	commitIndex := func(msg string) string {
		g.Git("commit", "-q", "-m", msg)
		return g.Git("rev-parse", "HEAD")
	}
	g.Stage().Git("update-index", "--add", "--cacheinfo", "160000,"+sub+",submodule")
	head := commitIndex("every kind of file")

	for _, many := range []bool{false, true} {
		t.Run(fmt.Sprintf("more files to patch than maxPatchedFiles: %v", many), func(t *testing.T) {
			if many {
				for i := range maxPatchedFiles {
					g.Git("update-index", "--add", "--cacheinfo", fmt.Sprintf("160000,%s,sub%d", sub, i))
				}
				head = commitIndex("many submodules")
			}
			r, err := Open(context.Background(), g.Dir)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			ctx := context.Background()
			empty, err := r.EmptyTree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, err := r.diffFilesSlim(ctx, true, append(append([]string{"diff"}, diffArgs...), empty, head)...)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.rootFiles(ctx, empty, head)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d files, want %d", len(got), len(want))
			}
			kept := 0
			for i := range want {
				if want[i].Additions == 0 && !want[i].PatchMissing {
					want[i].Patch = "" // an empty file's header, which nothing reads
				}
				if want[i].Added != nil {
					kept++
				}
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("%s:\n got %+v\nwant %+v", want[i].Path, summary(got[i]), summary(want[i]))
				}
			}
			if kept < 2 { // big.txt and the submodules
				t.Errorf("only %d files kept their lines; the test lost its large file or submodule", kept)
			}
		})
	}
}

// summary is a file without its long patch.
func summary(f checks.File) string {
	return fmt.Sprintf("{%s %s blob=%s missing=%v +%d -%d patch=%d bytes, %d lines}",
		f.Status, f.Path, f.BlobSHA, f.PatchMissing, f.Additions, f.Deletions, len(f.Patch), len(f.Added))
}
