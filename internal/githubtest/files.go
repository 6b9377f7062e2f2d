package githubtest

import (
	"sort"
	"strings"
)

// fileDiff is one entry of GitHub's diff-entry list.
type fileDiff struct {
	filename  string
	previous  string // for renames
	status    string // added, removed, modified, renamed
	sha       string // blob id: the new content's, or the old one's for removals
	additions int
	deletions int
	patch     string
	hasPatch  bool
}

// diffCache remembers computed diffs by "base..head": pages of the same PR
// files listing, and re-evaluations, must not diff 3000 files again.
type diffCache map[string][]fileDiff

// diffCommitsLocked lists the files that differ between two commits, sorted
// by path, with renames of identical content detected as git does by default.
func (s *Server) diffCommitsLocked(baseSHA, headSHA string) []fileDiff {
	key := baseSHA + ".." + headSHA
	if d, ok := s.diffs[key]; ok {
		return d
	}
	var before map[string]string
	if c := s.objs.commits[baseSHA]; c != nil {
		before = c.files
	}
	after := s.objs.commits[headSHA].files
	var added, removed []string
	var out []fileDiff
	for p, sha := range after {
		old, ok := before[p]
		switch {
		case !ok:
			added = append(added, p)
		case old != sha:
			out = append(out, s.fileDiffLocked(p, "", "modified", old, sha))
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			removed = append(removed, p)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	// Exact renames: a removed path whose content reappears at an added path.
	removedBySHA := map[string][]string{}
	for _, p := range removed {
		removedBySHA[before[p]] = append(removedBySHA[before[p]], p)
	}
	renamedFrom := map[string]bool{}
	for _, p := range added {
		sha := after[p]
		if cands := removedBySHA[sha]; len(cands) > 0 {
			from := cands[0]
			removedBySHA[sha] = cands[1:]
			renamedFrom[from] = true
			out = append(out, fileDiff{filename: p, previous: from, status: "renamed", sha: sha})
			continue
		}
		out = append(out, s.fileDiffLocked(p, "", "added", "", sha))
	}
	for _, p := range removed {
		if !renamedFrom[p] {
			out = append(out, s.fileDiffLocked(p, "", "removed", before[p], ""))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].filename < out[j].filename })
	s.diffs[key] = out
	return out
}

// fileDiffLocked diffs one file's two blob versions ("" for absent).
func (s *Server) fileDiffLocked(path, previous, status, oldSHA, newSHA string) fileDiff {
	d := fileDiff{filename: path, previous: previous, status: status, sha: newSHA}
	if newSHA == "" {
		d.sha = oldSHA
	}
	oldB, newB := s.objs.blobs[oldSHA], s.objs.blobs[newSHA]
	if isBinary(oldB) || isBinary(newB) {
		return d
	}
	patch, adds, dels := unifiedPatch(string(oldB), string(newB))
	d.additions, d.deletions = adds, dels
	// GitHub drops the patch of a diff too large to show, keeping the counts.
	if patch != "" && len(patch) <= s.cfg.patchMaxBytes && strings.Count(patch, "\n")+1 <= s.cfg.patchMaxLines {
		d.patch, d.hasPatch = patch, true
	}
	return d
}

// diffEntryJSON renders a diff-entry; commitSHA is the commit its URLs name.
func (s *Server) diffEntryJSON(r *Repo, f fileDiff, commitSHA string) map[string]any {
	full := r.fullName()
	m := map[string]any{
		"sha":          f.sha,
		"filename":     f.filename,
		"status":       f.status,
		"additions":    f.additions,
		"deletions":    f.deletions,
		"changes":      f.additions + f.deletions,
		"blob_url":     s.webURL(full + "/blob/" + commitSHA + "/" + escapePath(f.filename)),
		"raw_url":      s.webURL(full + "/raw/" + commitSHA + "/" + escapePath(f.filename)),
		"contents_url": s.apiURL("repos/" + full + "/contents/" + escapePath(f.filename) + "?ref=" + commitSHA),
	}
	if f.hasPatch {
		m["patch"] = f.patch
	}
	if f.previous != "" {
		m["previous_filename"] = f.previous
	}
	return m
}
