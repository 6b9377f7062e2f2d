package secrets

import (
	"sort"
)

// secret is one finding after deduplication: the same secret (same rule and
// value) in the same place, however many commits carried it.
type secret struct {
	// at is where the finding is reported: the head's line when the final
	// diff still has it, else the introducing commit's line.
	at located
	// introduced indexes the commit that first added it, or is finalDiff when
	// no commit diff had it (history off, or only the final diff shows it).
	introduced int
	// gone is true when history found it but the head no longer has it.
	gone bool
	// also lists the other lines of the same place that hold it.
	also []int
}

type groupKey struct {
	where       where
	path        string
	fingerprint string
}

// resolve merges hits of the same secret at the same place, following the
// pull request's renames: attributed to the earliest commit that added it,
// located at the head's line if possible.
func resolve(found []located, history bool, moved renames) []secret {
	// A stable order makes "the first line" and "the earliest commit" well
	// defined whatever order the workers finished in.
	sort.Slice(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.commit != b.commit {
			return a.commit < b.commit
		}
		if a.startLine != b.startLine {
			return a.startLine < b.startLine
		}
		if a.startCol != b.startCol {
			return a.startCol < b.startCol
		}
		// The same secret found as written and in decoded text: the text as
		// written locates it best.
		if (a.encoding == "") != (b.encoding == "") {
			return a.encoding == ""
		}
		if a.endLine != b.endLine {
			return a.endLine < b.endLine
		}
		if a.rule != b.rule {
			return a.rule < b.rule
		}
		return a.fingerprint < b.fingerprint
	})
	type acc struct {
		head, intro           *located
		headLines, introLines []int
		// unmarked is the earliest commit's copy without an inline marker:
		// a marker waives only what every commit that added the secret
		// marked, or a later commit could waive an earlier one's leak.
		unmarked *located
	}
	groups := map[groupKey]*acc{}
	var order []groupKey
	for i := range found {
		l := &found[i]
		k := groupKey{l.where, moved.atHead(l.commit, l.path), l.fingerprint}
		g := groups[k]
		if g == nil {
			g = &acc{}
			groups[k] = g
			order = append(order, k)
		}
		if l.commit != finalDiff && l.marker == "" && g.unmarked == nil {
			g.unmarked = l
		}
		switch {
		case l.commit == finalDiff && g.head == nil:
			g.head = l
		case l.commit == finalDiff:
			g.headLines = addLine(g.headLines, g.head.startLine, l.startLine)
			g.head.marker = sameMarker(g.head.marker, l.marker)
		case g.intro == nil:
			g.intro = l
		case l.commit == g.intro.commit:
			g.introLines = addLine(g.introLines, g.intro.startLine, l.startLine)
			g.intro.marker = sameMarker(g.intro.marker, l.marker)
		}
	}
	out := make([]secret, 0, len(groups))
	for _, k := range order {
		g := groups[k]
		s := secret{introduced: finalDiff}
		if g.intro != nil {
			s.introduced = g.intro.commit
		}
		if g.head != nil {
			s.at, s.also = *g.head, g.headLines
		} else {
			s.at, s.also = *g.intro, g.introLines
			s.gone = history && s.at.where == inFile
		}
		if u := g.unmarked; u != nil && s.at.marker != "" {
			s.introduced, s.at.marker = u.commit, ""
			if g.head == nil {
				s.at, s.also = *u, nil
			}
		}
		out = append(out, s)
	}
	return out
}

// addLine notes another line holding the same secret; a handful is enough to
// point a reviewer at them.
func addLine(lines []int, first, line int) []int {
	const most = 5
	if line == first || len(lines) == most || (len(lines) > 0 && lines[len(lines)-1] == line) {
		return lines
	}
	return append(lines, line)
}

// sameMarker keeps an inline marker only when every copy of the secret in
// the same text has one: marking one copy must not waive an unmarked other.
func sameMarker(a, b string) string {
	if a == "" || b == "" {
		return ""
	}
	return a
}
