package githubtest

import (
	"sort"
	"strings"
)

// resolveLocked turns a branch name, "heads/branch", "refs/heads/branch" or
// a full or abbreviated (7+ hex) commit SHA into a commit SHA.
func (r *Repo) resolveLocked(ref string) (string, bool) {
	b := strings.TrimPrefix(strings.TrimPrefix(ref, "refs/"), "heads/")
	if sha, ok := r.branches[b]; ok {
		return sha, true
	}
	if _, ok := r.s.objs.commits[ref]; ok {
		return ref, r.hasCommitLocked(ref)
	}
	if len(ref) >= 7 && len(ref) < 40 && isHex(ref) {
		var found []string
		for sha := range r.s.objs.commits {
			if strings.HasPrefix(sha, ref) && r.hasCommitLocked(sha) {
				found = append(found, sha)
			}
		}
		if len(found) == 1 {
			return found[0], true
		}
	}
	return "", false
}

// hasCommitLocked reports whether sha belongs to the repository's network:
// reachable from a branch of the repository, its forks or its parent, which
// is where GitHub looks (a fork PR's head SHA is readable in the base repo).
func (r *Repo) hasCommitLocked(sha string) bool {
	root := r
	for root.parent != nil {
		root = root.parent
	}
	for _, other := range r.s.repos {
		o := other
		for o.parent != nil {
			o = o.parent
		}
		if o != root {
			continue
		}
		for _, tip := range other.branches {
			if r.s.objs.ancestors(tip)[sha] {
				return true
			}
		}
	}
	return false
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// repoLocked finds owner/name, case-insensitively like GitHub.
func (s *Server) repoLocked(owner, name string) *Repo {
	return s.repos[strings.ToLower(owner+"/"+name)]
}

// sortedPaths lists a snapshot's paths in order.
func sortedPaths(files map[string]string) []string {
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
