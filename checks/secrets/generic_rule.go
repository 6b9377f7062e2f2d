package secrets

import (
	"math/bits"
	"strings"
)

// genericRule is gitleaks' catch-all rule (key = "high-entropy value"). Its
// keywords are in most source files, so gitleaks runs it over nearly every
// fragment, and it was measured at about half of the whole scan's cost.
const genericRule = "generic-api-key"

// genericReach is how many lines after its keyword a generic-api-key match
// can end: its pattern allows at most 3 whitespace characters before the
// assignment operator, 5 after it and one terminator, any of which may be a
// newline; the name, keyword and value cannot hold one.
const genericReach = 9

// window is a run of consecutive lines of a fragment.
type window struct {
	first int // 1-based line of the fragment
	text  string
}

// genericWindows returns the parts of raw the generic rule can match in:
// every line holding one of its keywords (lower-cased as gitleaks' own
// prefilter does) and the lines after it that a match starting on it can
// reach (see genericReachFrom), merged into runs. Running the rule on these
// gives exactly the matches it has on the whole fragment: each match starts
// on a keyword line and ends within reach, so it lies inside one window; no
// match can start outside them; and a window ends where the fragment has a
// newline, which the rule's terminator accepts as it accepts the end of the
// text.
func genericWindows(raw string, keywords *keywordMatcher) []window {
	if keywords == nil {
		return nil
	}
	var out []window
	first, last := 0, -1 // the window being built, 1-based lines
	winStart, lineNo := 0, 0
	for off := 0; off <= len(raw); {
		lineNo++
		line, end := lineFrom(raw, off)
		if keywords.in(line) {
			if last < lineNo-1 { // not adjacent: close the previous window
				if last >= first && first > 0 {
					out = append(out, window{first: first, text: raw[winStart:lineEnd(raw, winStart, last-first+1)]})
				}
				first, winStart = lineNo, off
			}
			last = max(last, lineNo+genericReachFrom(line, raw[min(end+1, len(raw)):]))
		}
		off = end + 1
	}
	if first > 0 {
		out = append(out, window{first: first, text: raw[winStart:lineEnd(raw, winStart, last-first+1)]})
	}
	return out
}

// genericReachFrom returns how many lines after a keyword line a generic
// match starting on it can end, at most genericReach; rest is the text after
// the line's newline. A match holds newlines only where the pattern allows
// whitespace: before its operator, [\s'"]{0,3}, after it, [\x60'"\s=]{0,5},
// and in its terminator, which ends it. So a match runs past its first
// line's end only if that line, without the quotes, blanks and equals signs
// it ends with, ends with what precedes them in the pattern: a keyword's
// letter or [ \t\w.-] (word characters, dots, dashes), or an operator's
// last character other than = (> : | , ?); and past a later line's end only
// if that line holds nothing but such blanks and operators. A character from
// 0x80 up ends a first line conservatively (a case-folded keyword may end
// with ſ) and no later line.
func genericReachFrom(line, rest string) int {
	tail := strings.TrimRight(line, " \t\r\n\f\v'\"`=")
	if tail != "" && !mayPrecedeBlanks(tail[len(tail)-1]) {
		return 0
	}
	n := 1
	for n < genericReach {
		next, end := lineFrom(rest, 0)
		if end == len(rest) || strings.Trim(next, " \t\r\n\f\v'\"`=>:|,?") != "" {
			return n
		}
		rest = rest[end+1:]
		n++
	}
	return n
}

// mayPrecedeBlanks reports whether c may end the part of a generic match
// before a newline it holds.
func mayPrecedeBlanks(c byte) bool {
	return isAlnum(c) || c >= 0x80 || strings.IndexByte("_.->:|,?", c) >= 0
}

// lineFrom returns the line of raw that starts at off and the offset where
// it ends (its newline, or the end of raw).
func lineFrom(raw string, off int) (string, int) {
	end := strings.IndexByte(raw[off:], '\n')
	if end < 0 {
		return raw[off:], len(raw)
	}
	return raw[off : off+end], off + end
}

// lineEnd returns the offset in raw where n lines starting at start end (at
// most the end of raw), without the last newline.
func lineEnd(raw string, start, n int) int {
	p := start
	for i := 0; i < n; i++ {
		j := strings.IndexByte(raw[p:], '\n')
		if j < 0 {
			return len(raw)
		}
		if i == n-1 {
			return p + j
		}
		p += j + 1
	}
	return p
}

// keywordMatcher tells, as gitleaks' prefilter does on lower-cased text,
// whether a line holds one of a rule's keywords. One pass over an ASCII line
// checks only the keywords that start with each byte; the generic rule's
// keyword test runs on every line of every fragment.
type keywordMatcher struct {
	keywords []string    // lower-cased
	first    [256]uint64 // by byte, either case: the keywords that start with it
	slow     bool        // more than 64 keywords, or one that is not ASCII
	// pairs has a bit for each two bytes, in either case, that start a
	// keyword: most positions of a line are ruled out by one look. nil
	// when a keyword is shorter than two bytes.
	pairs *[1 << 10]uint64
}

func newKeywordMatcher(keywords []string) *keywordMatcher {
	m := &keywordMatcher{slow: len(keywords) > 64, pairs: new([1 << 10]uint64)}
	for i, k := range keywords {
		k = strings.ToLower(k)
		m.keywords = append(m.keywords, k)
		if k == "" || !isASCII(k) {
			m.slow = true
		}
		if m.slow {
			continue
		}
		m.first[k[0]] |= 1 << i
		if 'a' <= k[0] && k[0] <= 'z' {
			m.first[k[0]-'a'+'A'] |= 1 << i
		}
		if len(k) < 2 {
			m.pairs = nil
		} else if m.pairs != nil {
			addPair(m.pairs, k)
		}
	}
	return m
}

// in reports whether line, lower-cased, holds a keyword. A line that is not
// ASCII is lowered by strings.ToLower, as in gitleaks' prefilter: the Kelvin
// sign lowers to k.
func (m *keywordMatcher) in(line string) bool {
	if m.slow {
		return m.inLowered(strings.ToLower(line))
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c >= 0x80 {
			return m.inLowered(strings.ToLower(line))
		}
		if m.pairs != nil {
			if i+1 == len(line) {
				break // no keyword of two bytes or more starts here
			}
			if q := int(c)<<8 | int(line[i+1]); m.pairs[q/64]&(1<<(q%64)) == 0 {
				continue
			}
		}
		for mask := m.first[c]; mask != 0; mask &= mask - 1 {
			if hasLowerPrefix(line[i:], m.keywords[bits.TrailingZeros64(mask)]) {
				return true
			}
		}
	}
	return false
}

func (m *keywordMatcher) inLowered(lower string) bool { return containsAny(lower, m.keywords) }

// hasLowerPrefix reports whether s, ASCII-lowered, starts with the
// lower-case ASCII prefix.
func hasLowerPrefix(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiLower maps every byte to itself but A-Z, which it lower-cases.
var asciiLower = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

// addPair sets the bits of every spelling, in either case, of the first
// two bytes of the lower-case word k.
func addPair(pairs *[1 << 10]uint64, k string) {
	for _, a := range caseVariants(k[0]) {
		for _, b := range caseVariants(k[1]) {
			q := int(a)<<8 | int(b)
			pairs[q/64] |= 1 << (q % 64)
		}
	}
}

// caseVariants returns the bytes that lower-case to the lower-case byte c.
func caseVariants(c byte) []byte {
	if 'a' <= c && c <= 'z' {
		return []byte{c, c - 'a' + 'A'}
	}
	return []byte{c}
}
