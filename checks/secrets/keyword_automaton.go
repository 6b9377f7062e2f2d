package secrets

// keywordAutomaton is an Aho-Corasick automaton over the keywords, with
// every transition precomputed: one table lookup per byte of text, where a
// search keyed by the first two bytes of each keyword tries every keyword
// starting with a common pair ("ke", "to", "se") at each of its many
// occurrences. Bytes are read ASCII-lowered and mapped to classes, one per
// byte that some keyword holds and one for all the others, which keeps the
// table small enough to stay in the processor's second-level cache.
type keywordAutomaton struct {
	class   [256]uint16 // of each byte, ASCII-lowered first
	classes int
	// next is the transition table by state*classes+class. It holds the
	// next state's row offset (state*classes), complemented when some
	// keyword ends at that state: a scan reads one entry per byte.
	next []int32
	// word is the keyword ending at each state, -1 for none; also is the
	// nearest shorter suffix state at which one ends, -1 for none.
	word, also []int32
}

func newKeywordAutomaton(words []string) *keywordAutomaton {
	a := &keywordAutomaton{classes: 1}
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			if a.class[w[i]] == 0 {
				a.class[w[i]] = uint16(a.classes)
				a.classes++
			}
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		a.class[b] = a.class[b+'a'-'A']
	}
	// The trie: children by class, -1 for none.
	child := [][]int32{a.row(-1)}
	word := []int32{-1}
	for id, w := range words {
		s := int32(0)
		for i := 0; i < len(w); i++ {
			c := a.class[w[i]]
			if child[s][c] < 0 {
				child[s][c] = int32(len(child))
				child = append(child, a.row(-1))
				word = append(word, -1)
			}
			s = child[s][c]
		}
		word[s] = int32(id)
	}
	// Breadth first, each state's missing transitions are its failure
	// state's, whose row is complete by then.
	n := len(child)
	a.next = make([]int32, n*a.classes)
	a.word, a.also = word, make([]int32, n)
	fail := make([]int32, n)
	a.also[0] = -1
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := range a.classes {
			t := child[s][c]
			switch {
			case t >= 0:
				if s > 0 {
					fail[t] = a.next[int(fail[s])*a.classes+c]
				}
				f := fail[t]
				if a.word[f] >= 0 {
					a.also[t] = f
				} else {
					a.also[t] = a.also[f]
				}
				a.next[int(s)*a.classes+c] = t
				queue = append(queue, t)
			case s > 0:
				a.next[int(s)*a.classes+c] = a.next[int(fail[s])*a.classes+c]
			}
		}
	}
	for i, t := range a.next {
		a.next[i] = t * int32(a.classes)
		if a.word[t] >= 0 || a.also[t] >= 0 {
			a.next[i] = ^a.next[i]
		}
	}
	return a
}

func (a *keywordAutomaton) row(v int32) []int32 {
	r := make([]int32, a.classes)
	for i := range r {
		r[i] = v
	}
	return r
}

// scan marks in present the keywords that text, ASCII-lowered, holds. With
// asciiOnly it stops and returns false at the first byte that is not ASCII.
func (a *keywordAutomaton) scan(text string, present []uint64, asciiOnly bool) bool {
	row := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		if asciiOnly && b >= 0x80 {
			return false
		}
		row = a.next[row+int32(a.class[b])]
		if row < 0 {
			row = ^row
			for t := row / int32(a.classes); t >= 0; t = a.also[t] {
				if id := a.word[t]; id >= 0 {
					present[id/64] |= 1 << (id % 64)
				}
			}
		}
	}
	return true
}
