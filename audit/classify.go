package audit

import "fmt"

// classify names the first bad record, given the last good one (nil at the
// start of the file), the lines from the first broken link to the end
// (all[0] is where the link broke) and the head file (may be nil). Each
// rule reads the chain's own evidence: which record links to which, and
// which seq is where.
func classify(last *parsed, all []parsed, hint *head) *TamperError {
	cur, later := all[0], all[1:]
	e, hp, at := 1, zeroHash, "at the start of the file"
	if last != nil {
		e, hp, at = last.seq+1, last.hash, fmt.Sprintf("after seq %d at line %d", last.seq, last.line)
	}
	bad := func(line, seq int, kind, why string, args ...any) *TamperError {
		return &TamperError{Line: line, Seq: seq, Kind: kind, Why: fmt.Sprintf(why, args...)}
	}
	if cur.bad != "" {
		return bad(cur.line, e, Edited, "%s", cur.bad)
	}
	linksTo := func(hash string) int {
		return find(later, func(p parsed) bool { return p.bad == "" && p.prev == hash })
	}

	// The rightful successor is further down: this record is out of place
	// (it links to a later record) or does not belong at all.
	if j := find(later, func(p parsed) bool { return p.bad == "" && p.seq == e && p.prev == hp }); j >= 0 {
		if m := find(later, func(p parsed) bool { return p.hash == cur.prev }); m >= 0 {
			return bad(cur.line, cur.seq, Reordered, "it follows seq %d, which comes later, at line %d", later[m].seq, later[m].line)
		}
		return bad(cur.line, cur.seq, Inserted, "it is not part of the chain: seq %d, at line %d, is the record that belongs %s", e, later[j].line, at)
	}
	if cur.prev == hp {
		return bad(cur.line, e, Edited, "its seq reads %d where %d was expected, though it links correctly %s", cur.seq, e, at)
	}
	if cur.seq < e {
		if last != nil && cur.seq == last.seq && cur.prev == last.prev {
			// Two records claim one place; the genuine one is the one the
			// chain (or the head file) continues from.
			if linksTo(cur.hash) >= 0 || (len(later) == 0 && hint != nil && hint.Hash == cur.hash) {
				return bad(last.line, last.seq, Inserted, "seq %d appears twice and the chain continues from the copy at line %d", last.seq, cur.line)
			}
			return bad(cur.line, cur.seq, Inserted, "seq %d appears twice and the chain continues from the copy at line %d", cur.seq, last.line)
		}
		return bad(cur.line, cur.seq, Inserted, "seq %d cannot come %s: sequence numbers never go back", cur.seq, at)
	}
	if cur.seq > e {
		if cur.seq == e+1 {
			return bad(cur.line, e, Removed, "seq %d is missing: seq %d comes %s", e, cur.seq, at)
		}
		return bad(cur.line, e, Removed, "seqs %d to %d are missing: seq %d comes %s", e, cur.seq-1, cur.seq, at)
	}
	// Right seq, wrong link: either the previous record was edited (this
	// one is intact and linked to from below), or this one was.
	if last == nil {
		return bad(cur.line, cur.seq, Edited, "the first record must link to 64 zeros")
	}
	if linksTo(cur.hash) >= 0 || (len(later) == 0 && (hint == nil || hint.Hash == cur.hash)) {
		return bad(last.line, last.seq, Edited, "its hash no longer matches the prev link of seq %d at line %d", e, cur.line)
	}
	return bad(cur.line, cur.seq, Edited, "it does not link to seq %d at line %d, and nothing links to it", last.seq, last.line)
}

func find(ps []parsed, ok func(parsed) bool) int {
	for i, p := range ps {
		if ok(p) {
			return i
		}
	}
	return -1
}
