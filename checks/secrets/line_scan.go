package secrets

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// scanLines runs the line rules over a fragment whose first line is line 1.
func (e *engine) scanLines(path, raw string) []hit {
	var hits []hit
	for _, r := range lineRules {
		if r.gate != nil && !r.gate(raw) {
			continue
		}
		for _, ln := range keywordLines(raw, r.keywords, r.at) {
			if !r.candidate(ln.text) {
				continue
			}
			for _, m := range r.re.FindAllStringSubmatchIndex(ln.text, -1) {
				if h, ok := e.lineHit(r, path, raw, ln, m); ok {
					hits = append(hits, h)
				}
			}
		}
	}
	return hits
}

func (e *engine) lineHit(r *lineRule, path, raw string, ln numberedLine, m []int) (hit, bool) {
	s, end := -1, -1
	if r.group > 0 {
		s, end = m[2*r.group], m[2*r.group+1]
	} else {
		for g := 1; 2*g < len(m); g++ {
			if m[2*g] >= 0 && m[2*g+1] > m[2*g] {
				s, end = m[2*g], m[2*g+1]
				break
			}
		}
	}
	if s < 0 {
		return hit{}, false
	}
	secret := ln.text[s:end]
	if !r.real(lineMatch{secret: secret, match: ln.text[m[0]:m[1]], line: ln.text, path: path, start: s, end: end, above: linesAbove(raw, ln.start, contextReach)}) || e.globallyAllowed(secret) || isKnownExample(secret, path) {
		return hit{}, false
	}
	return hit{
		rule:        r.id,
		description: r.description,
		fingerprint: Fingerprint(r.id, secret),
		preview:     Mask(secret),
		startLine:   ln.no,
		endLine:     ln.no,
		startCol:    utf8.RuneCountInString(ln.text[:s]) + 1,
		endCol:      utf8.RuneCountInString(ln.text[:end]),
		marker:      markerIn(ln.text),
		size:        len(secret),
	}, true
}

// globallyAllowed applies gitleaks' global value allow-list (template
// references, repeated characters, stop words) as it does to its own rules.
func (e *engine) globallyAllowed(secret string) bool {
	for _, a := range e.allow {
		if a.RegexAllowed(secret) {
			return true
		}
		if ok, _ := a.ContainsStopWord(secret); ok {
			return true
		}
	}
	return false
}

// numberedLine is a line of a fragment, its 1-based number and its offset.
type numberedLine struct {
	no, start int
	text      string
}

// linesAbove returns up to n lines of raw before the line starting at start.
func linesAbove(raw string, start, n int) string {
	from := start
	for ; n > 0 && from > 0; n-- {
		from = strings.LastIndexByte(raw[:from-1], '\n') + 1
	}
	return raw[from:start]
}

// keywordLines returns, in order and once each, the lines of raw that hold
// one of the keywords where at, if set, accepts it.
func keywordLines(raw string, keywords []string, at func(string, int) bool) []numberedLine {
	var starts []int
	for _, k := range keywords {
		for off := 0; ; {
			i := strings.Index(raw[off:], k)
			if i < 0 {
				break
			}
			p := off + i
			if at != nil && !at(raw, p) {
				off = p + 1
				continue
			}
			start := strings.LastIndexByte(raw[:p], '\n') + 1
			starts = append(starts, start)
			// Go on from the next line: one hit per line is enough.
			next := strings.IndexByte(raw[p:], '\n')
			if next < 0 {
				break
			}
			off = p + next + 1
		}
	}
	if len(starts) == 0 {
		return nil
	}
	sort.Ints(starts)
	out := make([]numberedLine, 0, len(starts))
	no, counted := 1, 0
	for i, st := range starts {
		if i > 0 && st == starts[i-1] {
			continue
		}
		no += strings.Count(raw[counted:st], "\n")
		counted = st
		end := strings.IndexByte(raw[st:], '\n')
		if end < 0 {
			end = len(raw) - st
		}
		out = append(out, numberedLine{no: no, start: st, text: raw[st : st+end]})
	}
	return out
}

// dropGenericOverlaps drops gitleaks' generic-api-key hits on a value a line
// rule also found: the specific rule says more, as gitleaks itself prefers a
// specific rule over its generic one.
func dropGenericOverlaps(hits, specific []hit) []hit {
	if len(specific) == 0 {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		overlapped := false
		if h.rule == "generic-api-key" && h.startLine == h.endLine {
			for _, s := range specific {
				if s.startLine == h.startLine && s.startCol <= h.endCol && h.startCol <= s.endCol {
					overlapped = true
					break
				}
			}
		}
		if !overlapped {
			out = append(out, h)
		}
	}
	return append(out, specific...)
}
