package secrets

import (
	"sort"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// rename is a path that a commit of the pull request moved.
type rename struct {
	commit   int
	from, to string
}

// renames follows paths through the pull request's renames, so that a
// secret added in one commit and moved by a later one is one finding at the
// path the head has, not one at a path that no longer exists and another
// that seems to come from no commit.
type renames []rename

// noteRenames records the renames among one commit's files.
func (s *scanner) noteRenames(commit int, files []checks.File) {
	for _, f := range files {
		if f.Status == "renamed" && f.PreviousPath != "" && f.PreviousPath != f.Path {
			s.mu.Lock()
			s.renames = append(s.renames, rename{commit: commit, from: f.PreviousPath, to: f.Path})
			s.mu.Unlock()
		}
	}
}

// sorted orders the renames as the commits made them.
func (rs renames) sorted() renames {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].commit < rs[j].commit })
	return rs
}

// atHead is where path, as commit left it, is at the end of the pull
// request. Renames must be sorted.
func (rs renames) atHead(commit int, path string) string {
	if commit == finalDiff {
		return path
	}
	moved := finalDiff // the commit that last moved path: one move a commit
	for _, r := range rs {
		if r.commit > commit && r.commit != moved && r.from == path {
			path, moved = r.to, r.commit
		}
	}
	return path
}
