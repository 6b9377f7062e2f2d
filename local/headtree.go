package local

import (
	"context"
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// maxSlimPatch is the largest patch a slim diff drops. A larger file keeps
// its lines, so that the secrets check never meets a blob over its cap for
// fetched files (10 MB) where git printed text.
const maxSlimPatch = 4 << 20

// maxKeptPatches is how many bytes of patches a range's final diff keeps
// before it drops those of added text files (slimFile): as much as the
// commit streams' read-ahead. It bounds what added files hold; modified
// files, and added ones over maxSlimPatch, keep their lines whatever it says.
const maxKeptPatches = maxReadAhead

// slimFile drops the patch and added lines of an added text file, as GitHub
// does for a diff too large to show: PatchMissing, with its line counts.
// The final diff of a scan from the root of history adds every file of the
// head's tree; holding their lines would make a scan's memory grow with the
// tree, while the checks read them one file at a time (BlobLines).
func slimFile(f *checks.File) {
	if f.Status != "added" || f.PatchMissing || f.Additions == 0 || f.BlobSHA == "" || len(f.Patch) > maxSlimPatch {
		return
	}
	f.Patch, f.Added, f.PatchMissing = "", nil, true
}

// BlobLines returns the lines of a text blob as a diff that adds the file
// lists them: numbered from 1, split at "\n", without their terminators (a
// "\r" before one is kept). It reads the blob anew each time, keeping
// nothing, for files whose patch slimFile dropped.
func (r *Repo) BlobLines(ctx context.Context, sha string) ([]checks.Line, error) {
	if !isObjectID(sha) {
		return nil, fmt.Errorf("%q is not a blob id", sha)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	content, err := r.readBlob(sha)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSuffix(string(content), "\n")
	if text == "" && len(content) == 0 {
		return nil, nil
	}
	lines := make([]checks.Line, 0, strings.Count(text, "\n")+1)
	for line := range strings.SplitSeq(text, "\n") {
		lines = append(lines, checks.Line{No: len(lines) + 1, Text: line})
	}
	return lines, nil
}
