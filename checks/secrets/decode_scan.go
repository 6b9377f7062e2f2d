package secrets

import (
	"context"
	"maps"
	"regexp/syntax"
	"slices"
	"strings"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/detect/codec"
	"github.com/zricethezav/gitleaks/v8/regexp"
	"github.com/zricethezav/gitleaks/v8/report"
)

// decodeScan finds what gitleaks' decoding passes add to a fragment's
// findings: the window rules run, decoding, on decode windows only (see
// decodeWindows), and the other rules on the whole fragment, decoding, only
// when the fragment or what its windows decode to holds what they need to
// match (see ruleNeed).
type decodeScan struct {
	// window holds the window rules, whose detectors decode: a window
	// runs those that may find something in its text or in one of its
	// decoding passes' texts (see selectedIn).
	window *ruleSelection
	whole  *detect.Detector // nil when every rule is a window rule
	// reach is the most newlines a window rule's match holds, at least 1.
	reach int
	// crossing holds the keywords of window rules whose matches cross lines;
	// crossingReach the longest reach of their rules, by pattern number.
	crossing      *ahocorasick.Trie
	crossingReach []int
	// needs are the whole rules' needs, over literals (by pattern number of
	// literalTrie, nil when there are none).
	needs       []ruleNeed
	literals    []string
	literalTrie *ahocorasick.Trie
}

// ruleNeed is what a fragment must be for a rule to find anything in it: at
// a path the rule's path pattern (if any) matches, holding one literal from
// each set. The first set is the rule's keywords, which gitleaks' prefilter
// requires; the others come from its pattern.
type ruleNeed struct {
	path *regexp.Regexp
	sets [][]int
}

// placed is a gitleaks finding and the line its call's text started on.
type placed struct {
	f     report.Finding
	first int
}

// newDecodeScan splits the rules into window and whole rules and builds their
// detectors, or returns nil when a rule needs others (required rules), whose
// proximity checks span the whole fragment.
func newDecodeScan(rules map[string]gconfig.Rule, detector func(map[string]gconfig.Rule, int) *detect.Detector) *decodeScan {
	d := &decodeScan{reach: 1}
	win, whole := map[string]gconfig.Rule{}, map[string]gconfig.Rule{}
	crossing := map[string]int{}
	for id, r := range rules {
		if len(r.RequiredRules) > 0 {
			return nil
		}
		if r.Regex == nil {
			continue // a path-only rule reports nothing in decoded text
		}
		s := shapeOf(r)
		if !s.windowable {
			whole[id] = r
			continue
		}
		win[id] = r
		d.reach = max(d.reach, s.reach)
		if s.crossing {
			for _, k := range r.Keywords {
				crossing[strings.ToLower(k)] = max(crossing[strings.ToLower(k)], s.reach)
			}
		}
	}
	d.window = newDecodingSelection(win, nil, func(rs map[string]gconfig.Rule) *detect.Detector { return detector(rs, maxDecodeDepth) })
	words := slices.Sorted(maps.Keys(crossing))
	for _, k := range words {
		d.crossingReach = append(d.crossingReach, crossing[k])
	}
	d.crossing = newKeywordTrie(words)
	if len(whole) > 0 {
		d.whole = detector(whole, maxDecodeDepth)
		for _, id := range slices.Sorted(maps.Keys(whole)) {
			d.needs = append(d.needs, d.needOf(whole[id]))
		}
		d.literalTrie = newKeywordTrie(d.literals)
	}
	return d
}

// needOf turns a rule's keywords and pattern literals into a ruleNeed.
func (d *decodeScan) needOf(r gconfig.Rule) ruleNeed {
	var sets [][]string
	if len(r.Keywords) > 0 {
		kws := make([]string, len(r.Keywords))
		for i, k := range r.Keywords {
			kws[i] = strings.ToLower(k)
		}
		sets = append(sets, kws)
	}
	if re, err := syntax.Parse(r.Regex.String(), syntax.Perl); err == nil {
		sets = append(sets, coveringSets(re)...)
	}
	need := ruleNeed{path: r.Path}
	for _, set := range sets {
		if slices.Contains(set, "") {
			continue // an empty keyword is in every text
		}
		ids := make([]int, len(set))
		for i, s := range set {
			if ids[i] = slices.Index(d.literals, s); ids[i] < 0 {
				ids[i] = len(d.literals)
				d.literals = append(d.literals, s)
			}
		}
		need.sets = append(need.sets, ids)
	}
	return need
}

// findings returns the decoded findings of raw, or false when the caller
// should rather run gitleaks' own detector on the whole fragment: when the
// windows that decode something hold most of it, which is then the cheaper
// way, or when raw or what it decodes to holds a character whose case
// folding the windows' keyword reasoning does not cover.
func (d *decodeScan) findings(ctx context.Context, path, raw string) ([]placed, bool) {
	var ws []window
	var passes [][]string // by window: its text, then its decoding passes' texts
	var decoded []string
	size := 0
	for _, w := range d.decodeWindows(raw) {
		// A window in which the decoder finds nothing adds nothing: every
		// segment lies in a window, and a match it could touch lies in its
		// window too.
		if texts := decodedTexts(w.text); len(texts) > 0 {
			ws = append(ws, w)
			passes = append(passes, append([]string{w.text}, texts...))
			decoded = append(decoded, texts...)
			size += len(w.text)
		}
	}
	if len(ws) == 0 {
		return nil, true
	}
	if size*2 > len(raw) || hasFoldTrap(raw) || slices.ContainsFunc(decoded, hasFoldTrap) {
		return nil, false
	}
	var out []placed
	for i, w := range ws {
		chosen, some := d.window.selectedIn(passes[i])
		if !some {
			continue
		}
		for _, f := range d.window.detector(chosen).DetectContext(ctx, detect.Fragment{Raw: w.text, FilePath: path, StartLine: w.first}) {
			if isDecoded(f) {
				out = append(out, placed{f, w.first})
			}
		}
	}
	if d.whole != nil && d.wholeMayFind(path, raw, decoded) {
		for _, f := range d.whole.DetectContext(ctx, detect.Fragment{Raw: raw, FilePath: path, StartLine: 1}) {
			if isDecoded(f) {
				out = append(out, placed{f, 1})
			}
		}
	}
	return out, true
}

// decodedTexts returns the text of every decoding pass over a window, as
// gitleaks' detector decodes it: none when the decoder finds nothing.
func decodedTexts(text string) []string {
	var out []string
	dec := codec.NewDecoder()
	var segments []*codec.EncodedSegment
	for range maxDecodeDepth {
		if text, segments = dec.Decode(text, segments); len(segments) == 0 {
			break
		}
		out = append(out, text)
	}
	return out
}

// wholeMayFind reports whether some whole rule could match in a decoding
// pass: the pass's text is raw with its windows decoded, so what it holds is
// in raw or in a window's decoded text. A rule limited to some paths
// matches nothing elsewhere.
func (d *decodeScan) wholeMayFind(path, raw string, decoded []string) bool {
	present := make([]bool, len(d.literals))
	if d.literalTrie != nil {
		mark := func(_, _, pattern int64) bool {
			present[pattern] = true
			return true
		}
		d.literalTrie.Walk([]byte(strings.ToLower(raw)), mark)
		for _, t := range decoded {
			d.literalTrie.Walk([]byte(strings.ToLower(t)), mark)
		}
	}
	for _, need := range d.needs {
		if need.path != nil && !need.path.MatchString(path) {
			continue
		}
		if need.met(present) {
			return true
		}
	}
	return false
}

func (n ruleNeed) met(present []bool) bool {
	for _, set := range n.sets {
		if !slices.ContainsFunc(set, func(i int) bool { return present[i] }) {
			return false
		}
	}
	return true
}

// hasFoldTrap reports whether s holds ſ (U+017F), which case-insensitive
// patterns match for s although lower-casing leaves it as it is, or the
// Kelvin sign K (U+212A), its counterpart for k, kept out for safety.
func hasFoldTrap(s string) bool {
	return strings.Contains(s, "\u017f") || strings.Contains(s, "\u212a")
}

func isDecoded(f report.Finding) bool {
	return slices.ContainsFunc(f.Tags, func(t string) bool { return strings.HasPrefix(t, decodeTag) })
}

// preferSpecific applies gitleaks' final filter to findings gathered from
// several calls: a finding of a rule named generic is dropped when a finding
// of another, non-generic rule on the same line has a secret containing its
// secret.
func preferSpecific(found []placed) []placed {
	out := make([]placed, 0, len(found))
	for _, g := range found {
		keep := true
		if strings.Contains(strings.ToLower(g.f.RuleID), "generic") {
			for _, o := range found {
				if o.f.StartLine == g.f.StartLine && o.f.RuleID != g.f.RuleID &&
					!strings.Contains(strings.ToLower(o.f.RuleID), "generic") && strings.Contains(o.f.Secret, g.f.Secret) {
					keep = false
					break
				}
			}
		}
		if keep {
			out = append(out, g)
		}
	}
	return out
}
