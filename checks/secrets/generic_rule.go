package secrets

import (
	"bytes"
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
// prefilter does) and the genericReach lines after it, merged into runs.
// Running the rule on these gives exactly the matches it has on the whole
// fragment: each match starts on a keyword line and ends within reach, so it
// lies inside one window; no match can start outside them; and a window ends
// where the fragment has a newline, which the rule's terminator accepts as
// it accepts the end of the text.
func genericWindows(raw string, keywords []string) []window {
	var out []window
	var buf []byte
	first, last := 0, -1 // the window being built, 1-based lines
	winStart, lineNo := 0, 0
	for off := 0; off <= len(raw); {
		lineNo++
		end := strings.IndexByte(raw[off:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += off
		}
		line := raw[off:end]
		var hit bool
		hit, buf = hasKeywordFold(line, keywords, buf)
		if hit {
			if last < lineNo-1 { // not adjacent: close the previous window
				if last >= first && first > 0 {
					out = append(out, window{first: first, text: raw[winStart:lineEnd(raw, winStart, last-first+1)]})
				}
				first, winStart = lineNo, off
			}
			last = max(last, lineNo+genericReach)
		}
		off = end + 1
	}
	if first > 0 {
		out = append(out, window{first: first, text: raw[winStart:lineEnd(raw, winStart, last-first+1)]})
	}
	return out
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

// hasKeywordFold reports whether line, lower-cased, holds a keyword. ASCII
// lines are lowered into buf without allocating; others go through
// strings.ToLower, as in gitleaks' prefilter.
func hasKeywordFold(line string, keywords []string, buf []byte) (bool, []byte) {
	buf = buf[:0]
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c >= 0x80 {
			lower := strings.ToLower(line)
			for _, k := range keywords {
				if strings.Contains(lower, k) {
					return true, buf
				}
			}
			return false, buf
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	for _, k := range keywords {
		if containsString(buf, k) {
			return true, buf
		}
	}
	return false, buf
}

// containsString is bytes.Contains for a string needle, without converting it.
func containsString(b []byte, s string) bool {
	for len(b) >= len(s) {
		i := bytes.IndexByte(b, s[0])
		if i < 0 || len(b)-i < len(s) {
			return false
		}
		if string(b[i:i+len(s)]) == s {
			return true
		}
		b = b[i+1:]
	}
	return false
}
