package local

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// diffArgs make git print, for each changed file, a --raw record (exact paths,
// modes, blob ids and status, NUL-separated) followed by all the patches, in
// a form no user setting can change. The engines read added lines only: -U0
// leaves out context, and --irreversible-delete the lines of a deleted file
// (also the old half of a type change), whose patch is then its header
// alone, so that a removed file counts no deletions and a deleted binary
// file is not marked PatchMissing (on gitleaks/gitleaks' history, 17 of the
// 45 MB git printed). Rename detection is unchanged: it pairs files before
// anything is printed. Merges' combined diffs ignore the option.
var diffArgs = []string{
	"--raw", "-p", "-z", "-M", "-U0", "--irreversible-delete", "--no-abbrev", "--full-index",
	"--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
	"--submodule=short", "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules=none",
}

// rawRecord is one --raw -z record: ":srcmode dstmode srcsha dstsha STATUS\0path\0[newpath\0]".
type rawRecord struct {
	dstMode string
	dstSHA  string
	status  byte
	path    string // the path before the change
	newPath string // the path after a rename or copy; empty otherwise
	// combined is a merge's parent count in a combined diff (see combined.go); 0 otherwise.
	combined int
}

const gitlinkMode = "160000"

// diffParser reads the output of `git diff`/`git log` with diffArgs for one
// commit (or one two-tree diff) as it streams: the raw records, a NUL, then
// the patches. Each file's patch becomes a string of its own, so that what
// the checks keep of a file (its added lines) holds only that file's text,
// and a range diff of tens of megabytes is never one buffer. A parser is
// reused from one diff to the next; it is not safe for concurrent use.
type diffParser struct {
	br      *bufio.Reader
	section []byte // the patch section being read
	// slim drops the patches of text files as they are read (see slimFile),
	// once keep bytes of patches have been kept.
	slim bool
	keep int64
	// addedToParent is set by parse when a merge's file list has a file
	// added against one of its parents (see mergeDiffArgs).
	addedToParent bool
}

// newDiffParser returns a parser whose line buffer holds 64 KiB; longer
// lines are read in pieces.
func newDiffParser() *diffParser {
	return &diffParser{br: bufio.NewReaderSize(nil, 64<<10)}
}

// parse reads one diff to its end. The patches come in the raw records'
// order, one per file, except that a type change (file to symlink) is
// printed as a deletion and a creation and an unmerged path as a
// "* Unmerged path" line. A mismatch is an error: a patch paired with the
// wrong file would put findings on the wrong path.
func (p *diffParser) parse(rd io.Reader) ([]checks.File, error) {
	p.addedToParent = false
	p.br.Reset(rd)
	defer p.br.Reset(nil) // drop the reference to rd
	recs, err := p.readRecords()
	if err != nil {
		return nil, err
	}
	asm := &fileAssembler{recs: recs, files: make([]checks.File, 0, len(recs)), slim: p.slim, keep: p.keep}
	sections, err := p.readSections(asm.add)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return asm.finish(sections)
}

// readRecords reads the raw records up to the NUL that ends them (or the
// end of the output, when no file has a patch). Newlines before the first
// record are the end of a `git log` format line.
func (p *diffParser) readRecords() ([]rawRecord, error) {
	for {
		b, err := p.br.Peek(1)
		if err != nil || b[0] != '\n' {
			break
		}
		_, _ = p.br.Discard(1)
	}
	// Before a merge's combined records git prints a NUL instead.
	if b, _ := p.br.Peek(3); string(b) == "\x00::" {
		_, _ = p.br.Discard(1)
	}
	var recs []rawRecord
	for {
		b, err := p.br.Peek(1)
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("failed to read git's output: %w", err)
		}
		switch b[0] {
		case 0:
			_, _ = p.br.Discard(1)
			return recs, nil
		case ':':
		default:
			return recs, nil // patches that no NUL announced
		}
		read := p.readRecord
		if b, _ := p.br.Peek(2); len(b) == 2 && b[1] == ':' {
			read = p.readCombinedRecord
		}
		rec, err := read()
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
}

// readRecord reads one raw record.
func (p *diffParser) readRecord() (rawRecord, error) {
	var rec rawRecord
	meta, err := p.token()
	if err != nil {
		return rec, err
	}
	f := strings.Fields(strings.TrimPrefix(meta, ":"))
	if len(f) != 5 || f[4] == "" {
		return rec, errors.New("malformed file list from git")
	}
	rec.dstMode, rec.dstSHA, rec.status = f[1], f[3], f[4][0]
	if rec.path, err = p.token(); err != nil {
		return rec, err
	}
	if rec.status == 'R' || rec.status == 'C' {
		if rec.newPath, err = p.token(); err != nil {
			return rec, err
		}
	}
	if rec.path == "" || (rec.status == 'R' || rec.status == 'C') && rec.newPath == "" {
		// A file with no name could be paired with any patch.
		return rec, errors.New("malformed file list from git: a file without a path")
	}
	if !strings.ContainsRune("ACDMRTU", rune(rec.status)) {
		return rec, fmt.Errorf("git reported an unknown change status %q for %s", rec.status, rec.path)
	}
	return rec, nil
}

// token reads one NUL-terminated field of the file list.
func (p *diffParser) token() (string, error) {
	s, err := p.br.ReadString(0)
	if err == io.EOF {
		return "", errors.New("truncated file list from git")
	}
	if err != nil {
		return "", fmt.Errorf("failed to read git's output: %w", err)
	}
	return s[:len(s)-1], nil
}
