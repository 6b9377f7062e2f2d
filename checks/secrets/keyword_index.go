package secrets

import (
	"strings"
)

// keywordIndex finds, in one pass over a fragment, which of many keywords it
// holds once lower-cased by strings.ToLower, as gitleaks' prefilter finds
// them: a keyword is present exactly when it is a substring of the
// lower-cased text (gitleaks' Aho-Corasick trie reports every occurrence).
// gitleaks lower-cases and walks its trie once per detector call; the engine
// makes several calls per fragment, and this pass tells which can be left
// out. Keywords shorter than two bytes are not indexed: their rules are
// treated as always present.
type keywordIndex struct {
	words []string // lower-cased, distinct, at least two bytes
	auto  *keywordAutomaton
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

// newKeywordIndex indexes the keywords, lower-cased; it returns each given
// keyword's id in the index, -1 for one too short to index.
func newKeywordIndex(keywords []string) (*keywordIndex, []int) {
	x := &keywordIndex{}
	ids := make([]int, len(keywords))
	seen := map[string]int{}
	for i, k := range keywords {
		k = strings.ToLower(k)
		if len(k) < 2 {
			ids[i] = -1
			continue
		}
		id, ok := seen[k]
		if !ok {
			id = len(x.words)
			seen[k] = id
			x.words = append(x.words, k)
		}
		ids[i] = id
	}
	x.auto = newKeywordAutomaton(x.words)
	return x, ids
}

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

// find marks in present (one bit per keyword id, as many words as needed)
// the keywords that strings.ToLower(raw) holds. ASCII text is lowered byte by
// byte on the fly, which is what strings.ToLower does to it; other text is
// lowered by strings.ToLower itself, so that its folds (the Kelvin sign to k,
// invalid bytes to U+FFFD) are gitleaks' own.
func (x *keywordIndex) find(raw string, present []uint64) {
	if !x.scan(raw, present, true) {
		x.scan(strings.ToLower(raw), present, false)
	}
}

// scan marks the keywords of text, lower-casing ASCII letters as it reads.
// With asciiOnly it stops and returns false at the first byte that is not
// ASCII (the caller scans the text lowered by strings.ToLower instead).
func (x *keywordIndex) scan(text string, present []uint64, asciiOnly bool) bool {
	return x.auto.scan(text, present, asciiOnly)
}

// bitWords is how many uint64 hold n bits.
func bitWords(n int) int { return (n + 63) / 64 }
