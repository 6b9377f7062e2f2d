package secrets

import (
	"regexp/syntax"
	"strings"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
)

// maxWindowReach is the most newlines a rule's match may hold for the rule to
// run on decode windows; rules that reach further run on the whole fragment.
// gitleaks' keyword rules reach at most 9 (generic-api-key), 12 at most for
// any bounded builtin rule.
const maxWindowReach = 16

// unbounded stands for a number of newlines no match limit bounds.
const unbounded = 1 << 20

// ruleShape is what the decode windows need to know of a rule's pattern to
// find, on a window, exactly the matches gitleaks finds on the whole text
// (see decodeWindows).
type ruleShape struct {
	// reach is the most newlines one match can hold.
	reach int
	// crossing is set when a match can hold a newline before its last
	// character, and so run from one line into the next.
	crossing bool
	// keyworded is set when every match, lower-cased, holds one of the rule's
	// keywords, so the keyword prefilter runs the rule wherever it matches.
	keyworded bool
	// windowable says whether the rule may run on windows at all.
	windowable bool
}

// shapeOf analyses a rule's pattern. A rule is windowable when its matches
// are bounded in lines, never empty, not anchored to the start of the text,
// and either keyworded or, with no keywords (always run), never crossing a
// line. Anything the analysis cannot see through is not windowable: such a
// rule runs on the whole fragment, as gitleaks runs it.
func shapeOf(r gconfig.Rule) ruleShape {
	if r.Regex == nil || len(r.RequiredRules) > 0 {
		return ruleShape{}
	}
	re, err := syntax.Parse(r.Regex.String(), syntax.Perl)
	if err != nil {
		return ruleShape{}
	}
	s := ruleShape{reach: newlines(re)}
	s.crossing = s.reach > 1 || (s.reach == 1 && !newlineOnlyLast(re))
	var keywords []string
	for _, k := range r.Keywords {
		if k == "" || strings.ContainsAny(k, "\r\n") {
			return ruleShape{}
		}
		keywords = append(keywords, strings.ToLower(k))
	}
	s.keyworded = len(keywords) > 0 && keyworded(re, keywords)
	s.windowable = s.reach <= maxWindowReach && minLen(re) > 0 && !anchoredAtStart(re) &&
		(s.keyworded || (len(keywords) == 0 && !s.crossing))
	return s
}

// newlines returns the most newlines a match of re can hold.
func newlines(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return strings.Count(string(re.Rune), "\n")
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return 1
			}
		}
		return 0
	case syntax.OpAnyChar:
		return 1
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n = min(n+newlines(sub), unbounded)
		}
		return n
	case syntax.OpAlternate:
		n := 0
		for _, sub := range re.Sub {
			n = max(n, newlines(sub))
		}
		return n
	case syntax.OpCapture, syntax.OpQuest:
		return newlines(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if newlines(re.Sub[0]) > 0 {
			return unbounded
		}
		return 0
	case syntax.OpRepeat:
		n := newlines(re.Sub[0])
		if n == 0 {
			return 0
		}
		if re.Max < 0 {
			return unbounded
		}
		return min(n*re.Max, unbounded)
	}
	return 0
}

// newlineOnlyLast reports whether a pattern with one newline at most can
// only match it as its last character: its last element matches a newline
// only as a single character and no other element matches one.
func newlineOnlyLast(re *syntax.Regexp) bool {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat || len(re.Sub) == 0 {
		return singleCharNewline(re)
	}
	last := len(re.Sub) - 1
	for _, sub := range re.Sub[:last] {
		if newlines(sub) > 0 {
			return false
		}
	}
	return singleCharNewline(re.Sub[last])
}

// singleCharNewline reports whether every way re matches a newline is as a
// one-character match.
func singleCharNewline(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCapture:
		return singleCharNewline(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !singleCharNewline(sub) {
				return false
			}
		}
		return true
	case syntax.OpCharClass, syntax.OpAnyChar:
		return true
	}
	return newlines(re) == 0
}

// minLen returns the fewest characters a match of re holds.
func minLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n += minLen(sub)
		}
		return n
	case syntax.OpAlternate:
		n := -1
		for _, sub := range re.Sub {
			if m := minLen(sub); n < 0 || m < n {
				n = m
			}
		}
		return max(n, 0)
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minLen(re.Sub[0])
	}
	return 0
}

// anchoredAtStart reports whether re uses \A or a ^ outside multi-line mode,
// which match at a window's start but not at a line's start in the text.
func anchoredAtStart(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginText {
		return true
	}
	for _, sub := range re.Sub {
		if anchoredAtStart(sub) {
			return true
		}
	}
	return false
}
