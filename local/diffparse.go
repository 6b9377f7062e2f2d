package local

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// diffArgs make git print, for each changed file, a --raw record (exact paths,
// modes, blob ids and status, NUL-separated) followed by all the patches, in
// a form no user setting can change. -U0: the engines read added lines only.
var diffArgs = []string{
	"--raw", "-p", "-z", "-M", "-U0", "--no-abbrev", "--full-index",
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
}

const gitlinkMode = "160000"

// parseDiff reads the output of `git diff`/`git log` with diffArgs for one
// commit (or one two-tree diff): the raw records, a NUL, then the patches.
// The patches come in the raw records' order, one per file, except that a
// type change (file to symlink) is printed as a deletion and a creation and
// an unmerged path as a "* Unmerged path" line. A mismatch is an error: a
// patch paired with the wrong file would put findings on the wrong path.
func parseDiff(out string) ([]checks.File, error) {
	out = strings.TrimLeft(out, "\n")
	out = strings.TrimRight(out, "\x00")
	var recs []rawRecord
	for strings.HasPrefix(out, ":") {
		var rec rawRecord
		var err error
		if rec, out, err = parseRaw(out); err != nil {
			return nil, err
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		if strings.TrimSpace(out) != "" {
			return nil, errors.New("git printed a patch without its file list")
		}
		return nil, nil
	}
	patch := strings.TrimPrefix(out, "\x00")
	sections := splitSections(patch)
	want := 0
	for _, r := range recs {
		want += sectionsOf(r)
	}
	if want != len(sections) {
		return nil, fmt.Errorf("git listed %d changed files but printed %d patches for them", len(recs), len(sections))
	}
	files := make([]checks.File, 0, len(recs))
	next := 0
	for _, r := range recs {
		n := sectionsOf(r)
		f, err := buildFile(r, sections[next:next+n])
		if err != nil {
			return nil, err
		}
		next += n
		files = append(files, f)
	}
	return files, nil
}

func sectionsOf(r rawRecord) int {
	switch r.status {
	case 'T':
		return 2
	case 'U':
		return 0
	}
	return 1
}

// parseRaw reads one raw record from the start of s and returns the rest.
func parseRaw(s string) (rawRecord, string, error) {
	var rec rawRecord
	meta, rest, ok := strings.Cut(s, "\x00")
	if !ok {
		return rec, "", errors.New("truncated file list from git")
	}
	f := strings.Fields(strings.TrimPrefix(meta, ":"))
	if len(f) != 5 || f[4] == "" {
		return rec, "", errors.New("malformed file list from git")
	}
	rec.dstMode, rec.dstSHA, rec.status = f[1], f[3], f[4][0]
	if rec.path, rest, ok = strings.Cut(rest, "\x00"); !ok {
		return rec, "", errors.New("truncated file list from git")
	}
	if rec.status == 'R' || rec.status == 'C' {
		if rec.newPath, rest, ok = strings.Cut(rest, "\x00"); !ok {
			return rec, "", errors.New("truncated file list from git")
		}
	}
	if !strings.ContainsRune("ACDMRTU", rune(rec.status)) {
		return rec, "", fmt.Errorf("git reported an unknown change status %q for %s", rec.status, rec.path)
	}
	return rec, rest, nil
}

// splitSections cuts the patch text into one section per "diff --git"
// header, dropping "* Unmerged path" lines. Content lines always start with
// ' ', '+', '-' or '\', so a line that starts with a header is a header.
func splitSections(patch string) []string {
	heads := lineStarts(patch, "diff --git ")
	var stops []int
	if strings.Contains(patch, "* Unmerged path ") {
		stops = lineStarts(patch, "* Unmerged path ")
	}
	out := make([]string, 0, len(heads))
	for i, h := range heads {
		end := len(patch)
		if i+1 < len(heads) {
			end = heads[i+1]
		}
		for _, s := range stops {
			if s > h && s < end {
				end = s
				break
			}
		}
		out = append(out, patch[h:end])
	}
	return out
}

// lineStarts returns the offsets of the lines of s that start with prefix.
func lineStarts(s, prefix string) []int {
	var at []int
	if strings.HasPrefix(s, prefix) {
		at = append(at, 0)
	}
	for pos := 0; ; {
		i := strings.Index(s[pos:], "\n"+prefix)
		if i < 0 {
			return at
		}
		pos += i + 1
		at = append(at, pos)
	}
}

var statusNames = map[byte]string{
	'A': "added", 'C': "copied", 'D': "removed", 'M': "modified", 'R': "renamed", 'T': "changed", 'U': "modified",
}

// buildFile pairs a raw record with its patch sections.
func buildFile(r rawRecord, sections []string) (checks.File, error) {
	f := checks.File{Path: r.path, Status: statusNames[r.status]}
	if r.newPath != "" {
		f.Path, f.PreviousPath = r.newPath, r.path
	}
	if r.status != 'D' && r.dstMode != gitlinkMode && strings.Trim(r.dstSHA, "0") != "" {
		f.BlobSHA = r.dstSHA
	}
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
