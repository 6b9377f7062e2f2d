package secrets

import (
	"context"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"sync"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// maxSelectionDetectors bounds the detectors a ruleSelection keeps, one per
// distinct set of rules a fragment needed; a history needs a few hundred.
// maxSelectionTrieStates bounds their keyword tries: gitleaks gives each
// state of one a 2 kB row, and a decoding selection's detectors keep their
// rules' keywords (trufflehog's history built 4,300 states of them, 8.5 MB;
// with this bound its peak memory was 8 MB lower, its CPU the same).
const (
	maxSelectionDetectors  = 512
	maxSelectionTrieStates = 1024
)

// ruleSelection runs a set of gitleaks rules on a fragment in one detector
// call holding only the rules that can find something there: those whose
// keywords the fragment holds (gitleaks' own prefilter would skip the
// others) and whose test, if any, holds (see gatedRules). The call's
// findings are those of a detector of all the rules: gitleaks finds a rule's
// matches in a fragment whatever other rules its detector has, and its final
// filter (a generic rule's finding yields to another rule's) is applied again
// over all of a fragment's findings by preferSpecific.
//
// The selection's keyword test is exact, so the detectors hold the rules
// without their keywords (gitleaks then runs them without looking): no
// keyword trie to walk, and none to keep per detector. A rule with a keyword
// the index does not hold exactly (shorter than two bytes, or not lower
// case, which gitleaks' trie never matches in lowered text; builtin and
// policy rules have none) keeps its keywords and is always selected, for
// gitleaks to decide.
type ruleSelection struct {
	ids   []string // sorted
	rules []gconfig.Rule
	// run are the rules as the detectors hold them (see above).
	run []gconfig.Rule
	// always are the rules that run whatever keywords the fragment holds:
	// rules without keywords, and rules with one too short to index.
	always []int
	// byKeyword lists, by keyword id of index, the rules having it.
	byKeyword [][]int
	index     *keywordIndex
	// tests are the rules' cheap tests, by rule; nil where there is none.
	tests []func(string) bool
	// needs are the runs each rule's matches hold (see runNeed), over
	// classes (lookup tables of byteClasses).
	needs   [][]classRun
	classes []byteClass
	tables  []*[256]bool

	// probe are the index ids of the keywords detect reports on besides
	// selecting rules (the generic rule's, whose windows it then spares a
	// pass over a fragment that holds none); probeAlways is set when one
	// of them is not indexed exactly, and the probe always reports them.
	probe       []int
	probeAlways bool

	// pathBound are the rules with a pattern that gitleaks runs only on
	// the paths their path pattern matches; detect leaves them out
	// elsewhere (gitleaks would lower-case and walk the whole fragment to
	// find that out).
	pathBound []int
	// runBounds holds selected's scratch: two ints by class.
	runBounds sync.Pool

	build func(map[string]gconfig.Rule) *detect.Detector
	mu    sync.Mutex
	cache map[string]*detect.Detector
	// cached lists the cache's keys, oldest first, and cacheStates bounds
	// from above the states of their detectors' keyword tries.
	cached      []cachedDetector
	cacheStates int
}

// cachedDetector is a cached detector's key and the states of its trie.
type cachedDetector struct {
	key    string
	states int
}

func newRuleSelection(rules map[string]gconfig.Rule, tests map[string]func(string) bool, probe []string, build func(map[string]gconfig.Rule) *detect.Detector) *ruleSelection {
	s := &ruleSelection{ids: slices.Sorted(maps.Keys(rules)), build: build, cache: map[string]*detect.Detector{}}
	// The probe's keywords come first in the index, owned by no rule.
	keywords := slices.Clone(probe)
	owner := make([]int, len(probe))
	for j := range owner {
		owner[j] = -1
	}
	for i, id := range s.ids {
		r := rules[id]
		s.rules = append(s.rules, r)
		s.tests = append(s.tests, tests[id])
		s.needs = append(s.needs, s.classRuns(r))
		for _, k := range r.Keywords {
			keywords = append(keywords, k)
			owner = append(owner, i)
		}
	}
	var kwIDs []int
	s.index, kwIDs = newKeywordIndex(keywords)
	s.byKeyword = make([][]int, len(s.index.words))
	short := map[int]bool{}
	for j, id := range kwIDs {
		if owner[j] < 0 {
			if id < 0 {
				s.probeAlways = true
			} else {
				s.probe = append(s.probe, id)
			}
			continue
		}
		if id < 0 || keywords[j] != strings.ToLower(keywords[j]) {
			short[owner[j]] = true
			continue
		}
		if !slices.Contains(s.byKeyword[id], owner[j]) {
			s.byKeyword[id] = append(s.byKeyword[id], owner[j])
		}
	}
	for i, r := range s.rules {
		if r.Path != nil && r.Regex != nil {
			s.pathBound = append(s.pathBound, i)
		}
		if len(r.Keywords) == 0 || short[i] {
			s.always = append(s.always, i)
		} else {
			r.Keywords = nil
		}
		s.run = append(s.run, r)
	}
	n := 2 * len(s.classes)
	s.runBounds.New = func() any {
		b := make([]int, n)
		return &b
	}
	return s
}

// selected returns the rules that may find something in raw, as a bit set
// by rule, whether there is any, and whether raw, lower-cased, holds a
// keyword of the probe.
func (s *ruleSelection) selected(raw string) (chosen []uint64, some, probed bool) {
	present := make([]uint64, bitWords(len(s.index.words)))
	s.index.find(raw, present)
	probed = s.probeAlways || slices.ContainsFunc(s.probe, func(id int) bool { return present[id/64]&(1<<(id%64)) != 0 })
	chosen = make([]uint64, bitWords(len(s.rules)))
	tried := make([]uint64, len(chosen))
	// By class, a run the text has (a lower bound) and one it has not (an
	// upper bound, 0 when unknown). Pooled: a history's every fragment
	// needs them, and they were an eighth of what a scan allocated.
	runs := s.runBounds.Get().(*[]int)
	defer s.runBounds.Put(runs)
	clear(*runs)
	has, hasNot := (*runs)[:len(s.classes)], (*runs)[len(s.classes):]
	take := func(i int) {
		if tried[i/64]&(1<<(i%64)) != 0 {
			return
		}
		tried[i/64] |= 1 << (i % 64)
		for _, need := range s.needs[i] {
			c := need.class
			switch {
			case need.n <= has[c]:
			case hasNot[c] > 0 && need.n >= hasNot[c]:
				return
			case hasRun(raw, s.tables[c], need.n):
				has[c] = need.n
			default:
				hasNot[c] = need.n
				return
			}
		}
		if t := s.tests[i]; t != nil && !t(raw) {
			return
		}
		chosen[i/64] |= 1 << (i % 64)
		some = true
	}
	for _, i := range s.always {
		take(i)
	}
	for w, set := range present {
		for ; set != 0; set &= set - 1 {
			for _, i := range s.byKeyword[w*64+bits.TrailingZeros64(set)] {
				take(i)
			}
		}
	}
	return chosen, some, probed
}

// newDecodingSelection is a ruleSelection whose detectors decode (build
// sets their depth) and keep the rules' keywords: gitleaks then tests them
// on each decoding pass's text as its detector of all the rules does, and
// the selection only leaves out the rules that can find nothing in any pass
// (see selectedIn).
func newDecodingSelection(rules map[string]gconfig.Rule, tests map[string]func(string) bool, build func(map[string]gconfig.Rule) *detect.Detector) *ruleSelection {
	s := newRuleSelection(rules, tests, nil, build)
	s.run = slices.Clone(s.rules)
	return s
}

// selectedIn returns the rules that may find something in one of the texts,
// as a bit set by rule, and whether there is any.
func (s *ruleSelection) selectedIn(texts []string) (chosen []uint64, some bool) {
	chosen = make([]uint64, bitWords(len(s.rules)))
	for _, t := range texts {
		c, ok, _ := s.selected(t)
		if ok {
			some = true
			for i, w := range c {
				chosen[i] |= w
			}
		}
	}
	return chosen, some
}

// detect runs the rules that may find something in frag on it, but for
// those in aside (a bit set by rule; nil for none), whose indexes it returns
// for the caller to run; probed reports whether frag, lower-cased, holds a
// keyword of the probe.
func (s *ruleSelection) detect(ctx context.Context, frag detect.Fragment, aside []uint64) (found []report.Finding, set []int, probed bool) {
	chosen, some, probed := s.selected(frag.Raw)
	if !some {
		return nil, nil, probed
	}
	for _, i := range s.pathBound {
		if chosen[i/64]&(1<<(i%64)) != 0 && !s.rules[i].Path.MatchString(frag.FilePath) {
			chosen[i/64] &^= 1 << (i % 64)
		}
	}
	some = false
	for w := range chosen {
		if w < len(aside) {
			for b := chosen[w] & aside[w]; b != 0; b &= b - 1 {
				set = append(set, w*64+bits.TrailingZeros64(b))
			}
			chosen[w] &^= aside[w]
		}
		some = some || chosen[w] != 0
	}
	if !some {
		return nil, set, probed
	}
	return s.detector(chosen).DetectContext(ctx, frag), set, probed
}

// detector returns the detector of the chosen rules, built at first need.
func (s *ruleSelection) detector(chosen []uint64) *detect.Detector {
	key := bitsKey(chosen)
	s.mu.Lock()
	d := s.cache[key]
	s.mu.Unlock()
	if d != nil {
		return d
	}
	rules := map[string]gconfig.Rule{}
	states := 1 // the trie's root, at least
	for w, set := range chosen {
		for ; set != 0; set &= set - 1 {
			i := w*64 + bits.TrailingZeros64(set)
			rules[s.ids[i]] = s.run[i]
			for _, k := range s.run[i].Keywords {
				states += len(k)
			}
		}
	}
	d = s.build(rules)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cache[key]; ok {
		return d // built meanwhile by another caller too
	}
	// The oldest leave first, so that sets used in turn stay.
	for len(s.cached) > 0 && (len(s.cache) >= maxSelectionDetectors || s.cacheStates+states > maxSelectionTrieStates) {
		old := s.cached[0]
		s.cached = s.cached[1:]
		delete(s.cache, old.key)
		s.cacheStates -= old.states
	}
	s.cache[key] = d
	s.cached = append(s.cached, cachedDetector{key, states})
	s.cacheStates += states
	return d
}

// classRun is a runNeed over one of a ruleSelection's classes.
type classRun struct{ class, n int }

// classRuns returns the needs of a rule's pattern, over the selection's
// classes. A path-only rule has none.
func (s *ruleSelection) classRuns(r gconfig.Rule) []classRun {
	if r.Regex == nil {
		return nil
	}
	var out []classRun
	for _, need := range runNeedsOf(r.Regex.String()) {
		c := slices.Index(s.classes, need.class)
		if c < 0 {
			c = len(s.classes)
			s.classes = append(s.classes, need.class)
			s.tables = append(s.tables, need.class.table())
		}
		out = append(out, classRun{c, need.n})
	}
	return out
}

func bitsKey(set []uint64) string {
	b := make([]byte, 0, 8*len(set))
	for _, w := range set {
		for k := 0; k < 64; k += 8 {
			b = append(b, byte(w>>k))
		}
	}
	return string(b)
}
