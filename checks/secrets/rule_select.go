package secrets

import (
	"context"
	"maps"
	"math/bits"
	"slices"
	"sync"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// maxSelectionDetectors bounds the detectors a ruleSelection keeps, one per
// distinct set of rules a fragment needed; a history needs a few hundred.
const maxSelectionDetectors = 512

// ruleSelection runs a set of gitleaks rules on a fragment in one detector
// call holding only the rules that can find something there: those whose
// keywords the fragment holds (gitleaks' own prefilter would skip the
// others) and whose test, if any, holds (see ruleTest). The call's findings
// are those of a detector of all the rules: gitleaks finds a rule's matches
// in a fragment whatever other rules its detector has, and its final filter
// (a generic rule's finding yields to another rule's) is applied again over
// all of a fragment's findings by preferSpecific.
type ruleSelection struct {
	ids   []string // sorted
	rules []gconfig.Rule
	// always are the rules that run whatever keywords the fragment holds:
	// rules without keywords, and rules with one too short to index.
	always []int
	// byKeyword lists, by keyword id of index, the rules having it.
	byKeyword [][]int
	index     *keywordIndex
	// tests are the rules' cheap tests, by rule; nil where there is none.
	tests []func(string) bool

	build func(map[string]gconfig.Rule) *detect.Detector
	mu    sync.Mutex
	cache map[string]*detect.Detector
}

func newRuleSelection(rules map[string]gconfig.Rule, tests map[string]func(string) bool, build func(map[string]gconfig.Rule) *detect.Detector) *ruleSelection {
	s := &ruleSelection{ids: slices.Sorted(maps.Keys(rules)), build: build, cache: map[string]*detect.Detector{}}
	var keywords []string
	var owner []int
	for i, id := range s.ids {
		r := rules[id]
		s.rules = append(s.rules, r)
		s.tests = append(s.tests, tests[id])
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
		if id < 0 {
			short[owner[j]] = true
			continue
		}
		if !slices.Contains(s.byKeyword[id], owner[j]) {
			s.byKeyword[id] = append(s.byKeyword[id], owner[j])
		}
	}
	for i, r := range s.rules {
		if len(r.Keywords) == 0 || short[i] {
			s.always = append(s.always, i)
		}
	}
	return s
}

// selected returns the rules that may find something in raw, as a bit set
// by rule, and whether there is any.
func (s *ruleSelection) selected(raw string) ([]uint64, bool) {
	present := make([]uint64, bitWords(len(s.index.words)))
	s.index.find(raw, present)
	chosen := make([]uint64, bitWords(len(s.rules)))
	tried := make([]uint64, len(chosen))
	some := false
	take := func(i int) {
		if tried[i/64]&(1<<(i%64)) != 0 {
			return
		}
		tried[i/64] |= 1 << (i % 64)
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
	return chosen, some
}

// detect runs the rules that may find something in frag on it.
func (s *ruleSelection) detect(ctx context.Context, frag detect.Fragment) []report.Finding {
	chosen, some := s.selected(frag.Raw)
	if !some {
		return nil
	}
	return s.detector(chosen).DetectContext(ctx, frag)
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
	for w, set := range chosen {
		for ; set != 0; set &= set - 1 {
			i := w*64 + bits.TrailingZeros64(set)
			rules[s.ids[i]] = s.rules[i]
		}
	}
	d = s.build(rules)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) >= maxSelectionDetectors {
		clear(s.cache)
	}
	s.cache[key] = d
	return d
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
