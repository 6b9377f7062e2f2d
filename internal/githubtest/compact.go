package githubtest

// compactChanges slides groups of changed lines the way git's
// xdl_change_compact does (without the indent heuristic): each group moves
// as far down as equal lines allow, merging with groups it meets, then back
// up to line up with a change on the other side if it passed one. Minimal
// diffs are not unique; this picks the one git prints.
func compactChanges(a, b []int, del, ins []bool) {
	slideGroups(newSide(a, del), newSide(b, ins))
	slideGroups(newSide(b, ins), newSide(a, del))
}

// side is one file's lines and change marks, with a false sentinel at
// chg[0] and chg[n+1] (index i of the file is chg[i+1]).
type side struct {
	recs []int
	chg  []bool
	out  []bool
}

func newSide(recs []int, marks []bool) side {
	chg := make([]bool, len(recs)+2)
	copy(chg[1:], marks)
	return side{recs: recs, chg: chg, out: marks}
}

func (s side) changed(i int) bool { return s.chg[i+1] }
func (s side) set(i int, v bool) {
	s.chg[i+1] = v
	s.out[i] = v
}

type group struct{ start, end int }

func (s side) first() group {
	g := group{}
	for s.changed(g.end) {
		g.end++
	}
	return g
}

func (s side) next(g *group) bool {
	if g.end == len(s.recs) {
		return false
	}
	g.start = g.end + 1
	g.end = g.start
	for s.changed(g.end) {
		g.end++
	}
	return true
}

func (s side) previous(g *group) bool {
	if g.start == 0 {
		return false
	}
	g.end = g.start - 1
	g.start = g.end
	for s.changed(g.start - 1) {
		g.start--
	}
	return true
}

func (s side) slideDown(g *group) bool {
	if g.end < len(s.recs) && s.recs[g.start] == s.recs[g.end] {
		s.set(g.start, false)
		s.set(g.end, true)
		g.start++
		g.end++
		for s.changed(g.end) {
			g.end++
		}
		return true
	}
	return false
}

func (s side) slideUp(g *group) bool {
	if g.start > 0 && s.recs[g.start-1] == s.recs[g.end-1] {
		g.start--
		g.end--
		s.set(g.start, true)
		s.set(g.end, false)
		for s.changed(g.start - 1) {
			g.start--
		}
		return true
	}
	return false
}

func slideGroups(x, o side) {
	g, go_ := x.first(), o.first()
	for {
		if g.end != g.start {
			var earliestEnd, endMatchingOther int
			for {
				size := g.end - g.start
				endMatchingOther = -1
				for x.slideUp(&g) {
					o.previous(&go_)
				}
				earliestEnd = g.end
				if go_.end > go_.start {
					endMatchingOther = g.end
				}
				for x.slideDown(&g) {
					o.next(&go_)
					if go_.end > go_.start {
						endMatchingOther = g.end
					}
				}
				if size == g.end-g.start {
					break
				}
			}
			if g.end != earliestEnd && endMatchingOther != -1 {
				for go_.end == go_.start {
					x.slideUp(&g)
					o.previous(&go_)
				}
			}
		}
		if !x.next(&g) || !o.next(&go_) {
			return
		}
	}
}
