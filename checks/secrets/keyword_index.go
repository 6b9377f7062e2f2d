package secrets

import (
	"math/bits"
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
	// groups lists the keywords by their lower-cased first two bytes.
	// pairBits has a bit set for each two bytes that lower-case to the start
	// of a keyword: small enough to stay in the processor's first cache, it
	// rules out most of a text's positions without lower-casing them. A
	// set bit's group is rankGroup[its rank among the set bits], the rank
	// being rankBase[its word] plus the set bits below it in that word.
	groups    [][]int
	pairBits  *[1 << 10]uint64
	rankBase  *[1 << 10]uint32
	rankGroup []uint32
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
	x := &keywordIndex{pairBits: new([1 << 10]uint64), rankBase: new([1 << 10]uint32)}
	ids := make([]int, len(keywords))
	seen := map[string]int{}
	groupOf := map[int]int{} // by lower-cased pair
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
			p := pairOf(k[0], k[1])
			g, ok := groupOf[p]
			if !ok {
				g = len(x.groups)
				groupOf[p] = g
				x.groups = append(x.groups, nil)
				addPair(x.pairBits, k)
			}
			x.groups[g] = append(x.groups[g], id)
		}
		ids[i] = id
	}
	rank := 0
	for w := range x.pairBits {
		x.rankBase[w] = uint32(rank)
		for set := x.pairBits[w]; set != 0; set &= set - 1 {
			q := w*64 + bits.TrailingZeros64(set)
			x.rankGroup = append(x.rankGroup, uint32(groupOf[pairOf(byte(q>>8), byte(q))]))
			rank++
		}
	}
	return x, ids
}

func pairOf(a, b byte) int { return int(asciiLower[a])<<8 | int(asciiLower[b]) }

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
	if len(text) == 0 {
		return true
	}
	if asciiOnly && text[0] >= 0x80 {
		return false
	}
	// done marks the groups whose keywords are all present already.
	done := make([]uint64, bitWords(len(x.groups)))
	for i := 0; i+1 < len(text); i++ {
		if asciiOnly && text[i+1] >= 0x80 {
			return false
		}
		q := int(text[i])<<8 | int(text[i+1])
		w, bit := q/64, uint64(1)<<(q%64)
		if x.pairBits[w]&bit == 0 {
			continue
		}
		g := x.rankGroup[int(x.rankBase[w])+bits.OnesCount64(x.pairBits[w]&(bit-1))]
		if done[g/64]&(1<<(g%64)) != 0 {
			continue
		}
		all := true
		for _, id := range x.groups[g] {
			if present[id/64]&(1<<(id%64)) == 0 {
				if hasLowerPrefix(text[i:], x.words[id]) {
					present[id/64] |= 1 << (id % 64)
				} else {
					all = false
				}
			}
		}
		if all {
			done[g/64] |= 1 << (g % 64)
		}
	}
	return true
}

// bitWords is how many uint64 hold n bits.
func bitWords(n int) int { return (n + 63) / 64 }
