package secrets

import (
	"strings"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
)

// decodeWindows returns the parts of raw on which gitleaks' decoding passes
// find, with the window rules (see ruleShape), exactly what they find on the
// whole of raw. Decoding is the costliest thing gitleaks does to a fragment
// (each of up to five passes reruns every rule over the whole text), and
// what it decodes is usually a few lines of a large file.
//
// Why a window holds every decoded match, and the same ones:
//   - The decoder's segments lie within lines (a run of U+XXXX escapes spans
//     only lines that each hold one), and mayDecode holds for every line with
//     a segment that decodes to something: those are the core lines. Lines
//     outside them read the same in every pass.
//   - A decoded finding is a match touching a segment, so it lies within
//     reach newlines of a core line; a window runs from reach+1 lines before
//     its first core line to reach+2 after its last, so the text a match can
//     touch, and where it ends, is all inside.
//   - A keyword rule runs on a window's text whenever it matches there,
//     since its match holds its keyword.
//   - gitleaks takes matches leftmost-first without overlap, so a match's
//     predecessors decide whether it is seen. A window therefore starts at a
//     barrier: a line start no match can run across, because no line within
//     reach of it holds a keyword of a rule whose matches cross lines (nor
//     anything decoded); rules that never cross a line restart at every line.
//     Both scans then agree from the barrier on. Without a barrier after the
//     previous window, windows merge; before the first, a window starts at
//     the fragment's start.
func (d *decodeScan) decodeWindows(raw string) []window {
	ls := splitLines(raw)
	n := len(ls.starts)
	core := make([]bool, n)
	var cores []int
	for i := range n {
		if mayDecode(ls.line(raw, i)) {
			core[i] = true
			cores = append(cores, i)
		}
	}
	if len(cores) == 0 {
		return nil
	}
	b := barriers{d: d, raw: raw, ls: ls, core: core, state: make([]int8, n)}
	var out []window
	first, last := -1, -1 // 0-based lines of the window being built
	for _, c := range cores {
		if first >= 0 && c-d.reach-1 <= last+1 {
			last = min(c+d.reach+2, n-1)
			continue
		}
		start := b.before(c-d.reach-1, last+1)
		if start < 0 { // no barrier since the last window: extend it
			last = min(c+d.reach+2, n-1)
			continue
		}
		if first >= 0 {
			out = append(out, ls.window(raw, first, last))
		}
		first, last = start, min(c+d.reach+2, n-1)
	}
	return append(out, ls.window(raw, first, last))
}

// barriers finds window starts, judging each line once.
type barriers struct {
	d     *decodeScan
	raw   string
	ls    lineIndex
	core  []bool
	state []int8 // per line: 0 not yet judged, 1 blocks no barrier, 2 holds a crossing keyword
	reach []int  // per line judged 2: the longest reach of its keywords' rules
	buf   []byte
}

// before returns the last barrier line at or before want and at or after
// floor, or -1. The fragment's first line is always one: both scans start
// there.
func (b *barriers) before(want, floor int) int {
	for at := want; ; {
		switch {
		case at <= 0 && floor <= 0:
			return 0
		case at < floor || at <= 0:
			return -1
		}
		block := -1 // the lowest line that blocks at
		for j := at + b.d.reach; j >= at-b.d.reach-2; j-- {
			if b.blocks(j, at) {
				block = j
			}
		}
		if block < 0 {
			return at
		}
		at = min(at-1, block-b.d.reach-1)
	}
}

// blocks reports whether line j rules out a barrier at the start of line at:
// it is decoded, or a match of one of its keywords' crossing rules could
// run across that line start.
func (b *barriers) blocks(j, at int) bool {
	if j < 0 || j >= len(b.state) {
		return false
	}
	if b.core[j] {
		return true
	}
	if b.state[j] == 0 {
		b.state[j] = 1
		if r := b.keywordReach(b.ls.line(b.raw, j)); r >= 0 {
			if b.reach == nil {
				b.reach = make([]int, len(b.state))
			}
			b.state[j], b.reach[j] = 2, r
		}
	}
	if b.state[j] == 1 {
		return false
	}
	r := b.reach[j]
	return at-r <= j && j <= at+r+1
}

// keywordReach returns the longest reach of the crossing rules whose
// keywords the line holds, lower-cased, or -1. A line that is not ASCII
// counts as holding them all: Unicode case folding matches what lowering
// does not (ſ for s, K for k).
func (b *barriers) keywordReach(line string) int {
	if b.d.crossing == nil {
		return -1
	}
	b.buf = b.buf[:0]
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c >= 0x80 {
			return b.d.reach
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.buf = append(b.buf, c)
	}
	r := -1
	b.d.crossing.Walk(b.buf, func(_, _, pattern int64) bool {
		r = max(r, b.d.crossingReach[pattern])
		return true
	})
	return r
}

// lineIndex holds where each line of a text starts.
type lineIndex struct{ starts []int }

func splitLines(raw string) lineIndex {
	starts := make([]int, 1, strings.Count(raw, "\n")+1)
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{starts}
}

// line returns the 0-based line i without its newline.
func (l lineIndex) line(raw string, i int) string {
	return raw[l.starts[i]:l.end(raw, i)]
}

func (l lineIndex) end(raw string, i int) int {
	if i+1 < len(l.starts) {
		return l.starts[i+1] - 1
	}
	return len(raw)
}

// window returns the 0-based lines first..last as a window.
func (l lineIndex) window(raw string, first, last int) window {
	return window{first: first + 1, text: raw[l.starts[first]:l.end(raw, last)]}
}

// newKeywordTrie builds a trie of lower-cased strings, each pattern number
// being the string's index.
func newKeywordTrie(words []string) *ahocorasick.Trie {
	if len(words) == 0 {
		return nil
	}
	return ahocorasick.NewTrieBuilder().AddStrings(words).Build()
}
