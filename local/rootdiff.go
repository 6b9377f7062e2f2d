package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// countArgs make git print the --raw records of diffArgs followed by each
// file's --numstat line ("added\tremoved\tpath", "-" for a binary file):
// the line counts a patch would give, without printing the patch.
var countArgs = []string{
	"--raw", "--numstat", "-z", "-M", "--no-abbrev", "--full-index",
	"--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--ignore-submodules=none",
}

// maxPatchedFiles bounds the files rootFiles asks a patch for by name; with
// more, it reads the whole patch as before.
const maxPatchedFiles = 64

// rootFiles is the final diff of a scan from the root of history: every
// file of head's tree, added, as diffFilesSlim would give it with slim set.
// The patches slimFile would drop (nearly all of them: the checks read each
// file's lines later, with BlobLines) are not printed at all, which spares
// git and the parser the whole tree's text (11.8 MB for DataDog/helm-charts).
// The files slimFile would keep (submodules, patches over maxSlimPatch, or
// so close to it that the blob's size cannot tell) get their patch from a
// second diff limited to them.
func (r *Repo) rootFiles(ctx context.Context, emptyTree, head string) ([]checks.File, error) {
	recs, counts, err := r.countRecords(ctx, append(append([]string{"diff"}, countArgs...), emptyTree, head))
	if err != nil {
		return nil, err
	}
	sizes, err := r.Sizes(ctx, head)
	if err != nil {
		return nil, err
	}
	files := make([]checks.File, len(recs))
	var patched []int // files whose patch is needed
	for i, rec := range recs {
		files[i] = recordFile(rec)
		f, c := &files[i], counts[i]
		size, sized := sizes[f.Path]
		switch {
		case rec.status != 'A' || f.BlobSHA == "" || !sized:
			patched = append(patched, i)
		case c.binary:
			f.PatchMissing = true // as buildFile marks a binary file
		case c.added == 0:
			// An empty file: a patch of its header alone, no lines.
		case size+int64(c.added)+int64(16*len(f.Path))+1024 > maxSlimPatch:
			// The patch is the blob's lines with a '+' each, a hunk
			// header and a file header naming the path twice (quoted,
			// up to four bytes a byte): near the limit, ask git.
			patched = append(patched, i)
		default:
			f.PatchMissing, f.Additions = true, c.added // slimFile's result
		}
	}
	if len(patched) == 0 {
		return files, nil
	}
	args := append(append([]string{"diff"}, diffArgs...), emptyTree, head)
	if len(patched) <= maxPatchedFiles {
		args = append(args, "--")
		for _, i := range patched {
			args = append(args, ":(literal)"+files[i].Path)
		}
	}
	full, err := r.diffFilesSlim(ctx, true, args...)
	if err != nil {
		return nil, err
	}
	byPath := make(map[string]checks.File, len(full))
	for _, f := range full {
		byPath[f.Path] = f
	}
	for _, i := range patched {
		f, ok := byPath[files[i].Path]
		if !ok {
			return nil, fmt.Errorf("git printed no patch for %s", files[i].Path)
		}
		files[i] = f
	}
	return files, nil
}

// lineCount is one --numstat line.
type lineCount struct {
	added  int
	binary bool
}

// countRecords runs git with countArgs and returns the raw records and,
// for each, its line count.
func (r *Repo) countRecords(ctx context.Context, args []string) ([]rawRecord, []lineCount, error) {
	out, err := r.run(ctx, args...)
	if err != nil {
		return nil, nil, err
	}
	p := newDiffParser()
	p.br.Reset(bytes.NewReader(out))
	defer p.br.Reset(nil)
	recs, err := p.readRecords()
	if err != nil {
		return nil, nil, err
	}
	counts := make([]lineCount, len(recs))
	for i, rec := range recs {
		if counts[i], err = p.readCount(rec); err != nil {
			return nil, nil, err
		}
	}
	if rest, _ := io.ReadAll(p.br); len(bytes.Trim(rest, "\x00\n")) > 0 {
		return nil, nil, errors.New("unexpected output after the line counts from git")
	}
	return recs, counts, nil
}

// readCount reads the --numstat -z line of rec: "added\tremoved\tpath\0",
// or for a rename or copy "added\tremoved\t\0from\0to\0".
func (p *diffParser) readCount(rec rawRecord) (lineCount, error) {
	var c lineCount
	tok, err := p.token()
	if err != nil {
		return c, err
	}
	f := strings.SplitN(tok, "\t", 3)
	if len(f) != 3 {
		return c, errors.New("malformed line counts from git")
	}
	path := f[2]
	if rec.newPath != "" {
		from, err := p.token()
		if err != nil {
			return c, err
		}
		if path, err = p.token(); err != nil {
			return c, err
		}
		if f[2] != "" || from != rec.path || path != rec.newPath {
			return c, errors.New("git's line counts do not match its file list")
		}
	} else if path != rec.path {
		return c, errors.New("git's line counts do not match its file list")
	}
	if f[0] == "-" && f[1] == "-" {
		c.binary = true
		return c, nil
	}
	if c.added, err = strconv.Atoi(f[0]); err != nil || c.added < 0 {
		return c, errors.New("malformed line counts from git")
	}
	return c, nil
}
