package secrets

import (
	"math/bits"
	"regexp/syntax"
	"slices"
)

// byteClass is a set of bytes. Every class built here holds all bytes from
// 0x80 up: a non-ASCII character, the Kelvin sign a case-folded k matches
// or an invalid byte, is then in every class, so that a class never rules
// out a byte the pattern might match.
type byteClass [4]uint64

func (c *byteClass) add(b byte)      { c[b/64] |= 1 << (b % 64) }
func (c *byteClass) has(b byte) bool { return c[b/64]&(1<<(b%64)) != 0 }
func (c *byteClass) union(o byteClass) {
	c[0], c[1], c[2], c[3] = c[0]|o[0], c[1]|o[1], c[2]|o[2], c[3]|o[3]
}
func (c byteClass) size() int {
	return bits.OnesCount64(c[0]) + bits.OnesCount64(c[1]) + bits.OnesCount64(c[2]) + bits.OnesCount64(c[3])
}

// nonASCII is the class of bytes from 0x80 up, in every class.
var nonASCII = byteClass{0, 0, ^uint64(0), ^uint64(0)}

// runNeed says that every match of a pattern holds at least n consecutive
// bytes from class: a text without such a run cannot hold a match.
type runNeed struct {
	class byteClass
	n     int
}

// maxRunNeeds bounds the needs kept per pattern, the most telling ones.
const maxRunNeeds = 2

// runNeedsOf derives the needs of a regular expression (RE2 syntax, as
// gitleaks' rules are written). A pattern it cannot parse has none. The
// needs err on the side of less: a need that a match might not meet would
// hide a secret.
func runNeedsOf(pattern string) []runNeed {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	needs := slices.DeleteFunc(needsOf(re), func(n runNeed) bool {
		// A run of a class holding most of ASCII rules nothing out.
		return n.n < 8 || n.class.size() > 128+80
	})
	slices.SortFunc(needs, func(a, b runNeed) int { return telling(b) - telling(a) })
	needs = slices.Compact(needs)
	return needs[:min(len(needs), maxRunNeeds)]
}

// telling ranks needs: longer runs of smaller classes are rarer in text.
func telling(n runNeed) int { return n.n * (128 + 80 - (n.class.size() - 128)) }

// span reports whether every match of re is made of bytes of class only,
// with at least n of them.
func span(re *syntax.Regexp) (class byteClass, n int, ok bool) {
	class = nonASCII
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return class, 0, true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			addRune(&class, r, re.Flags&syntax.FoldCase != 0)
		}
		return class, len(re.Rune), true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1] && r < 0x80; r++ {
				class.add(byte(r))
			}
		}
		return class, 1, true
	case syntax.OpAnyCharNotNL:
		for b := 0; b < 0x80; b++ {
			if b != '\n' {
				class.add(byte(b))
			}
		}
		return class, 1, true
	case syntax.OpAnyChar:
		return byteClass{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}, 1, true
	case syntax.OpCapture, syntax.OpPlus:
		return span(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		c, _, ok := span(re.Sub[0])
		return c, 0, ok
	case syntax.OpRepeat:
		c, m, ok := span(re.Sub[0])
		return c, m * re.Min, ok
	case syntax.OpConcat, syntax.OpAlternate:
		for i, sub := range re.Sub {
			c, m, ok := span(sub)
			if !ok {
				return class, 0, false
			}
			class.union(c)
			switch {
			case re.Op == syntax.OpConcat:
				n += m
			case i == 0 || m < n:
				n = m
			}
		}
		return class, n, true
	}
	return class, 0, false
}

// addRune adds a literal character's bytes to class, and its other case
// when the literal folds case. Non-ASCII is in the class already.
func addRune(class *byteClass, r rune, fold bool) {
	if r >= 0x80 {
		return
	}
	class.add(byte(r))
	if fold {
		switch {
		case 'a' <= r && r <= 'z':
			class.add(byte(r - 'a' + 'A'))
		case 'A' <= r && r <= 'Z':
			class.add(byte(r - 'A' + 'a'))
		}
	}
}

// needsOf returns needs every match of re meets.
func needsOf(re *syntax.Regexp) []runNeed {
	var out []runNeed
	if c, n, ok := span(re); ok && n > 0 {
		out = append(out, runNeed{c, n})
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		out = append(out, needsOf(re.Sub[0])...)
	case syntax.OpRepeat:
		if re.Min > 0 {
			out = append(out, needsOf(re.Sub[0])...)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			out = append(out, needsOf(sub)...)
		}
		// Consecutive elements made of few bytes make one longer run.
		for i := range re.Sub {
			var class byteClass
			n := 0
			for j := i; j < len(re.Sub); j++ {
				c, m, ok := span(re.Sub[j])
				if !ok {
					break
				}
				class.union(c)
				n += m
				if j > i && m > 0 {
					out = append(out, runNeed{class, n})
				}
			}
		}
	case syntax.OpAlternate:
		// Each alternative's most telling need, widened to hold them all.
		var all runNeed
		for i, sub := range re.Sub {
			subNeeds := needsOf(sub)
			if len(subNeeds) == 0 {
				return out
			}
			best := slices.MaxFunc(subNeeds, func(a, b runNeed) int { return telling(a) - telling(b) })
			if i == 0 || best.n < all.n {
				all.n = best.n
			}
			all.class.union(best.class)
		}
		if len(re.Sub) > 0 {
			out = append(out, all)
		}
	}
	return out
}

// hasRun reports whether s holds n consecutive bytes of class. It looks at
// the last byte of each place a run could end first, and reads a run's
// bytes backwards from there: most of the text is skipped n bytes at a time.
func hasRun(s string, class *[256]bool, n int) bool {
	if n <= 0 {
		return true
	}
	for start := 0; start+n <= len(s); {
		// s[start:start+n] must be all in class: check from its end, and on
		// the first byte outside it start after that byte.
		i := start + n - 1
		for i >= start && class[s[i]] {
			i--
		}
		if i < start {
			return true
		}
		start = i + 1
	}
	return false
}

// table returns the class as a lookup table.
func (c byteClass) table() *[256]bool {
	var t [256]bool
	for b := range t {
		t[b] = c.has(byte(b))
	}
	return &t
}
