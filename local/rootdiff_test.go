package local

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/memo"
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

// BenchmarkRootFiles compares the final diff of a scan from the root of
// history read as line counts (rootFiles) with the slim patch diff it
// replaced, on a head tree of 2,000 files and 12 MB, the size of
// DataDog/helm-charts'. cpu-ms/op counts git's CPU as well as the test's.
func BenchmarkRootFiles(b *testing.B) {
	g := localtest.New(b)
	var s strings.Builder
	s.WriteString("commit refs/heads/main\ncommitter B <b@example.com> 1704067200 +0000\ndata 4\ntree\n")
	for i := range 2000 {
		var c strings.Builder
		for l := range 100 {
			fmt.Fprintf(&c, "  key%d_%d: value-%d-%d # a line of YAML of about sixty bytes\n", i, l, i, l)
		}
		fmt.Fprintf(&s, "M 100644 inline charts/c%d/values%d.yaml\ndata %d\n%s\n", i%50, i, c.Len(), c.String())
	}
	s.WriteString("done\n")
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir, cmd.Stdin = g.Dir, strings.NewReader(s.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v\n%s", err, out)
	}
	ctx := context.Background()
	for _, counts := range []bool{false, true} {
		name := "patches"
		if counts {
			name = "line counts"
		}
		b.Run(name, func(b *testing.B) {
			r, err := Open(ctx, g.Dir)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			empty, err := r.EmptyTree(ctx)
			if err != nil {
				b.Fatal(err)
			}
			head, err := r.Resolve(ctx, "main")
			if err != nil {
				b.Fatal(err)
			}
			start := cpuTime(b)
			for b.Loop() {
				var files []checks.File
				if counts {
					r.sizes = memo.New() // listed anew, as by a new scan
					files, err = r.rootFiles(ctx, empty, head)
				} else {
					files, err = r.diffFilesSlim(ctx, true, append(append([]string{"diff"}, diffArgs...), empty, head)...)
				}
				if err != nil || len(files) != 2000 {
					b.Fatalf("%d files, %v", len(files), err)
				}
			}
			b.ReportMetric(float64((cpuTime(b)-start).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// cpuTime is the CPU time, user and system, of this process and of its
// children that have ended (git).
func cpuTime(b *testing.B) time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			b.Fatal(err)
		}
		total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return total
}
