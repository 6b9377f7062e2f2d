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
	// auto's table takes 4 bytes by state and class: gitleaks' and
	// Gatehouse's own keywords need 215 kB. A policy's keywords add to it
	// a twelfth of what they add to each of gitleaks' detectors, whose
	// keyword tries take 2 kB by state.
	auto *keywordAutomaton
}

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

// find marks in present (one bit per keyword id, as many words as needed)
// the keywords that strings.ToLower(raw) holds. ASCII text is lowered byte by
// byte on the fly, which is what strings.ToLower does to it; other text is
// lowered by strings.ToLower itself, so that its folds (the Kelvin sign to k,
// invalid bytes to U+FFFD) are gitleaks' own.
func (x *keywordIndex) find(raw string, present []uint64) {
	if !x.auto.scan(raw, present, true) {
		x.auto.scan(strings.ToLower(raw), present, false)
	}
}

// bitWords is how many uint64 hold n bits.
func bitWords(n int) int { return (n + 63) / 64 }
