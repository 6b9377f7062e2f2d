package local

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// A merge's diff is git's dense combined diff (--cc): a file appears only
// when the merge's version differs from every parent's, and a line marked
// '+' in every parent's column is one the merge itself wrote (a conflict
// resolution, an "evil merge"). Lines the merge carries over from one of
// its parents were added by a commit of that parent's history, which a
// scan of all commits reads, and which a pull request's range either holds
// or inherits from its base: scanning them again on the merge only costs
// time (on gitleaks/gitleaks merges were half of git's output).
var combinedHeaders = [][]byte{[]byte("diff --cc "), []byte("diff --combined ")}

// mergeDiffArgs are diffArgs for `git log` with --diff-merges=dense-combined:
// a merge's records then name each parent's path, so that a file the merge
// moves is a rename from its first parent's path, as in a first-parent diff.
var mergeDiffArgs = append([]string{"--combined-all-paths"}, diffArgs...)

// exactMergeDiffArgs are mergeDiffArgs pairing only the moves that leave a
// file as it was (-M100%). Pairing by similarity diffs each file a merge
// removes against its parents with each one it adds, and a merge's diff
// against a parent brings in a whole branch: on gitleaks/gitleaks' 192
// merges it was 0.15 of the 0.17 s git spent. A move paired by similarity
// needs a file that is new to one of the parents, which few merges have
// (3 of gitleaks/gitleaks' 192): only those are read again with
// mergeDiffArgs (see readCommits), so that both give the same renames and
// the same added lines. (A removed file that full detection pairs with a
// file the combined diff does not list, being one parent's version, is
// still listed as removed: it adds no line.)
var exactMergeDiffArgs = append([]string{"--combined-all-paths"}, exactRenames(diffArgs)...)

// exactRenames returns args with their rename detection (-M) limited to
// files whose content is unchanged.
func exactRenames(args []string) []string {
	out := slices.Clone(args)
	i := slices.Index(out, "-M")
	if i < 0 {
		panic("local: diff arguments without -M")
	}
	out[i] = "-M100%"
	return out
}

// readCombinedRecord reads one --raw -z --combined-all-paths record of a
// combined diff: "::mode1 … modeN mode srcsha1 … srcshaN sha
// STATUSES\0path1\0…pathN\0path\0".
func (p *diffParser) readCombinedRecord() (rawRecord, error) {
	var rec rawRecord
	meta, err := p.token()
	if err != nil {
		return rec, err
	}
	colons := len(meta) - len(strings.TrimLeft(meta, ":"))
	parents := colons
	f := strings.Fields(meta[colons:])
	if parents < 2 || len(f) != 2*(parents+1)+1 || len(f[len(f)-1]) != parents {
		return rec, errors.New("malformed combined file list from git")
	}
	rec.combined = parents
	rec.dstMode, rec.dstSHA = f[parents], f[2*parents+1]
	// What the merge did to the file relative to its first parent, as a
	// first-parent diff would say.
	rec.status = f[len(f)-1][0]
	// --combined-all-paths: each parent's path, then the merge's.
	paths := make([]string, parents+1)
	for i := range paths {
		if paths[i], err = p.token(); err != nil {
			return rec, err
		}
		if paths[i] == "" {
			return rec, errors.New("malformed combined file list from git: a file without a path")
		}
	}
	rec.path = paths[parents]
	if rec.status == 'R' || rec.status == 'C' {
		if paths[0] == rec.path {
			return rec, fmt.Errorf("malformed combined file list from git: %s renamed to itself", rec.path)
		}
		// Moved from the first parent's path: the secrets check follows
		// the rename, as it does a first-parent diff's.
		rec.path, rec.newPath = paths[0], paths[parents]
	}
	statuses := f[len(f)-1]
	if strings.Trim(statuses, "ACDMRTU") != "" {
		return rec, fmt.Errorf("git reported an unknown change status %q for %s", statuses, rec.path)
	}
	if strings.ContainsRune(statuses, 'A') {
		p.addedToParent = true
	}
	return rec, nil
}

// combinedPath is the path a "diff --cc" or "diff --combined" header names.
func combinedPath(section string) (string, error) {
	line, _, _ := strings.Cut(section, "\n")
	for _, h := range combinedHeaders {
		if rest, ok := strings.CutPrefix(line, string(h)); ok {
			if strings.HasPrefix(rest, `"`) {
				return strconv.Unquote(rest) // git's C quoting: \t, \", \\ and octal bytes
			}
			return rest, nil
		}
	}
	return "", errors.New("git printed a merge's patch without a combined diff header")
}

// parseCombinedPatch returns the lines of a combined patch with n parents
// that are new against every parent (a '+' in all n columns), with their
// line numbers in the merge's version, and how many lines it removes from
// some parent. Hunk headers are "@@@ -a,b -c,d +e,f @@@" (n+1 '@'); a line
// with a '-' in any column is not in the merge's version.
func parseCombinedPatch(section string, n int) (added []checks.Line, removed int, err error) {
	marker := strings.Repeat("@", n+1)
	inHunk, newNo, newLeft := false, 0, 0
	i := -1
	for l := range strings.SplitSeq(strings.TrimSuffix(section, "\n"), "\n") {
		i++
		if strings.HasPrefix(l, marker+" ") {
			if inHunk && newLeft != 0 {
				return nil, 0, fmt.Errorf("hunk ending before line %d of the patch is %d new lines short of its header", i+1, newLeft)
			}
			if newNo, newLeft, err = combinedHunkHeader(l, marker); err != nil {
				return nil, 0, fmt.Errorf("line %d of the patch: %w", i+1, err)
			}
			inHunk = true
			continue
		}
		if !inHunk {
			// The file header; a line that could be content or a hunk
			// of another shape is an error, never skipped.
			if strings.HasPrefix(l, "@@") || (strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-") || strings.HasPrefix(l, " ")) &&
				!strings.HasPrefix(l, "--- ") && !strings.HasPrefix(l, "+++ ") {
				return nil, 0, fmt.Errorf("line %d of the patch is outside any combined hunk", i+1)
			}
			continue
		}
		if strings.HasPrefix(l, `\`) {
			continue // "\ No newline at end of file"
		}
		if len(l) < n {
			return nil, 0, fmt.Errorf("line %d of the patch is shorter than its %d-column prefix", i+1, n)
		}
		prefix := l[:n]
		if strings.Trim(prefix, " +-") != "" {
			return nil, 0, fmt.Errorf("line %d of the patch has an unknown prefix", i+1)
		}
		if strings.Contains(prefix, "-") {
			if strings.Contains(prefix, "+") {
				// git never prints this; scanning or skipping it would guess.
				return nil, 0, fmt.Errorf("line %d of the patch is both added and removed", i+1)
			}
			removed++
			continue
		}
		if newLeft == 0 {
			return nil, 0, fmt.Errorf("line %d of the patch has more lines than its hunk header says", i+1)
		}
		if strings.Count(prefix, "+") == n {
			added = append(added, checks.Line{No: newNo, Text: l[n:]})
		}
		newNo++
		newLeft--
	}
	if inHunk && newLeft != 0 {
		return nil, 0, fmt.Errorf("the last hunk of the patch is %d new lines short of its header", newLeft)
	}
	return added, removed, nil
}

// combinedHunkHeader reads the merge's range, the last "+e,f", of a
// combined hunk header.
func combinedHunkHeader(l, marker string) (start, count int, err error) {
	body, _, ok := strings.Cut(l[len(marker)+1:], " "+marker)
	if !ok {
		return 0, 0, errors.New("malformed combined hunk header")
	}
	f := strings.Fields(body)
	if len(f) != len(marker) || !strings.HasPrefix(f[len(f)-1], "+") {
		return 0, 0, errors.New("malformed combined hunk header")
	}
	s, c, hasCount := strings.Cut(f[len(f)-1][1:], ",")
	if start, err = strconv.Atoi(s); err != nil || start < 0 {
		return 0, 0, errors.New("malformed combined hunk header")
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(c); err != nil {
			return 0, 0, errors.New("malformed combined hunk header")
		}
	}
	if count == 0 {
		start++ // "+e,0" names the line before an empty range
	}
	return start, count, nil
}

// addCombined pairs a merge's patch section with its record by path: the
// dense combined diff lists in its records every file that differs from all
// parents but prints no patch for one whose every hunk takes one parent's
// version. A section that names no file still ahead in the list is an
// error, never a patch put on the wrong file.
func (a *fileAssembler) addCombined(section string) error {
	path, err := combinedPath(section)
	if err != nil {
		return err
	}
	for a.next < len(a.recs) && a.recs[a.next].combined > 0 && mergePath(a.recs[a.next]) != path {
		a.files = append(a.files, recordFile(a.recs[a.next]))
		a.next++
	}
	if a.next == len(a.recs) || mergePath(a.recs[a.next]) != path {
		return errors.New("git printed a merge's patch for a file it did not list")
	}
	f, err := buildCombinedFile(a.recs[a.next], section)
	if err != nil {
		return err
	}
	a.files = append(a.files, f)
	a.next++
	return nil
}

// passCombined builds the merge's listed files that got no patch: each of
// their lines comes from one of the parents, so they add none.
func (a *fileAssembler) passCombined() {
	for a.next < len(a.recs) && a.recs[a.next].combined > 0 {
		a.files = append(a.files, recordFile(a.recs[a.next]))
		a.next++
	}
}

// buildCombinedFile is a merge's file with the lines it adds against every parent.
func buildCombinedFile(r rawRecord, section string) (checks.File, error) {
	f := recordFile(r)
	if r.dstMode == "000000" && strings.Trim(r.dstSHA, "0") == "" {
		// The merge removed the file that its parents have: it adds no
		// line. Merges ignore --irreversible-delete, and git (2.39)
		// prints the removal's hunk header with the merge's line count
		// as -1 in 64 bits ("+1,18446744073709551615").
		return f, nil
	}
	if isBinary(section) {
		f.PatchMissing = true // the blob is scanned whole, as for any binary file
		return f, nil
	}
	added, removed, err := parseCombinedPatch(section, r.combined)
	if err != nil {
		return f, fmt.Errorf("failed to parse git's combined patch of %s: %w", f.Path, err)
	}
	f.Patch, f.Added, f.Additions, f.Deletions = section, added, len(added), removed
	return f, nil
}

// mergePath is a combined record's path in the merge.
func mergePath(r rawRecord) string {
	if r.newPath != "" {
		return r.newPath
	}
	return r.path
}
