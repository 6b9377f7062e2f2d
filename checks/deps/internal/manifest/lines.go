package manifest

import (
	"bytes"
	"strings"
)

// lineIndex turns byte offsets into 1-based line numbers.
type lineIndex struct{ starts []int }

func newLineIndex(b []byte) *lineIndex {
	li := &lineIndex{starts: []int{0}}
	for i, c := range b {
		if c == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// line returns the line holding byte offset off.
func (li *lineIndex) line(off int) int {
	lo, hi := 0, len(li.starts)
	for lo < hi {
		m := (lo + hi) / 2
		if li.starts[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// findLine returns the line of the first occurrence of needle at or after
// byte offset from, and the offset found; 0, from when absent.
func findLine(b []byte, li *lineIndex, needle string, from int) (int, int) {
	if from < 0 || from > len(b) {
		return 0, from
	}
	i := bytes.Index(b[from:], []byte(needle))
	if i < 0 {
		return 0, from
	}
	return li.line(from + i), from + i
}

// splitLines splits content into lines without terminators (CR dropped).
func splitLines(b []byte) []string {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
