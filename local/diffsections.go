package local

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

var (
	diffHeader   = []byte("diff --git ")
	unmergedLine = []byte("* Unmerged path ")
)

// readSections cuts the patch text into one section per "diff --git"
// header and hands each to add as soon as it ends. "* Unmerged path" lines
// end a section and belong to none. Content lines always start with ' ',
// '+', '-' or '\', so a line that starts with a header is a header. It
// returns how many sections it read.
func (p *diffParser) readSections(add func(string) error) (int, error) {
	n, in := 0, false
	flush := func() error {
		if !in {
			return nil
		}
		in, n = false, n+1
		s := string(p.section)
		p.section = p.section[:0]
		return add(s)
	}
	lineStart := true
	for {
		chunk, err := p.br.ReadSlice('\n')
		if len(chunk) > 0 {
			if lineStart && isSectionStart(chunk) {
				if ferr := flush(); ferr != nil {
					return n, ferr
				}
				in = chunk[0] == 'd'
			}
			if in {
				p.section = append(p.section, chunk...)
			}
			lineStart = chunk[len(chunk)-1] == '\n'
		}
		switch err {
		case nil, bufio.ErrBufferFull:
		case io.EOF:
			// git log ends its last record with NULs.
			p.section = bytes.TrimRight(p.section, "\x00")
			return n, flush()
		default:
			return n, fmt.Errorf("failed to read git's output: %w", err)
		}
	}
}

func isSectionStart(line []byte) bool {
	if bytes.HasPrefix(line, diffHeader) || bytes.HasPrefix(line, unmergedLine) {
		return true
	}
	for _, h := range combinedHeaders {
		if bytes.HasPrefix(line, h) {
			return true
		}
	}
	return false
}

// fileAssembler pairs patch sections, in order, with the raw records.
type fileAssembler struct {
	recs  []rawRecord
	next  int      // the record the next section belongs to
	parts []string // sections read so far for recs[next]
	files []checks.File
	slim  bool
	keep  int64 // bytes of patches still kept before slimming
}

// add takes the next section, building a file once it has all its sections.
func (a *fileAssembler) add(section string) error {
	if err := a.passSectionless(); err != nil {
		return err
	}
	if len(a.recs) == 0 {
		return errors.New("git printed a patch without its file list")
	}
	if a.next == len(a.recs) {
		return fmt.Errorf("git printed more patches than the %d changed files it listed", len(a.recs))
	}
	if a.recs[a.next].combined > 0 {
		return a.addCombined(section)
	}
	a.parts = append(a.parts, section)
	if len(a.parts) < sectionsOf(a.recs[a.next]) {
		return nil
	}
	f, err := buildFile(a.recs[a.next], a.parts)
	if err != nil {
		return err
	}
	if n := int64(len(f.Patch)); a.slim && n <= a.keep {
		a.keep -= n
	} else if a.slim {
		slimFile(&f)
	}
	a.files = append(a.files, f)
	a.next++
	a.parts = a.parts[:0]
	return nil
}

// passSectionless builds the files at the current record that git prints
// no patch for (unmerged paths).
func (a *fileAssembler) passSectionless() error {
	for a.next < len(a.recs) && sectionsOf(a.recs[a.next]) == 0 {
		f, err := buildFile(a.recs[a.next], nil)
		if err != nil {
			return err
		}
		a.files = append(a.files, f)
		a.next++
	}
	return nil
}

// finish checks that every record had its sections.
func (a *fileAssembler) finish(sections int) ([]checks.File, error) {
	if err := a.passSectionless(); err != nil {
		return nil, err
	}
	a.passCombined()
	if a.next != len(a.recs) || len(a.parts) > 0 {
		return nil, fmt.Errorf("git listed %d changed files but printed %d patches for them", len(a.recs), sections)
	}
	return a.files, nil
}

func sectionsOf(r rawRecord) int {
	if r.combined > 0 {
		return -1 // paired by path: see addCombined
	}
	switch r.status {
	case 'T':
		return 2
	case 'U':
		return 0
	}
	return 1
}

var statusNames = map[byte]string{
	'A': "added", 'C': "copied", 'D': "removed", 'M': "modified", 'R': "renamed", 'T': "changed", 'U': "modified",
}

// recordFile is what a raw record alone says of a file.
func recordFile(r rawRecord) checks.File {
	f := checks.File{Path: r.path, Status: statusNames[r.status]}
	if r.newPath != "" {
		f.Path, f.PreviousPath = r.newPath, r.path
	}
	if r.status != 'D' && r.dstMode != gitlinkMode && strings.Trim(r.dstSHA, "0") != "" {
		f.BlobSHA = r.dstSHA
	}
	return f
}

// buildFile pairs a raw record with its patch sections.
func buildFile(r rawRecord, sections []string) (checks.File, error) {
	f := recordFile(r)
	if len(sections) == 0 {
		f.PatchMissing = true
		return f, nil
	}
	for _, s := range sections {
		if isBinary(s) {
			// As GitHub does for a binary file: no patch, no line counts.
			f.PatchMissing, f.Patch, f.Added, f.Additions, f.Deletions = true, "", nil, 0, 0
			return f, nil
		}
	}
	for _, s := range sections {
		added, err := checks.ParsePatch(s)
		if err != nil {
			return f, fmt.Errorf("failed to parse git's patch of %s: %w", f.Path, err)
		}
		if f.Added == nil {
			f.Added = added // the usual single section: no copy
		} else {
			f.Added = append(f.Added, added...)
		}
		f.Additions += len(added)
		f.Deletions += deletions(s)
	}
	f.Patch = strings.Join(sections, "")
	return f, nil
}

// isBinary reports whether git printed "Binary files … differ" instead of hunks.
func isBinary(section string) bool {
	head := section
	if i := strings.Index(section, "\n@@"); i >= 0 {
		head = section[:i]
	}
	return strings.Contains(head, "\nBinary files ")
}

// deletions counts the lines a section's hunks remove.
func deletions(section string) int {
	i := strings.Index(section, "\n@@")
	if i < 0 {
		return 0
	}
	return strings.Count(section[i:], "\n-")
}
