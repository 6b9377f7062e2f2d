package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"

	"github.com/gatehouse-sec/gatehouse/config"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// maxDecodeDepth matches the gitleaks CLI: without it the library does not
// look inside base64, hex or percent-encoded text at all.
const maxDecodeDepth = 5

// maxCachedDetectors bounds the per-policy detector cache; a server sees few
// distinct rule sets, and rebuilding one is cheap next to a scan.
const maxCachedDetectors = 64

// engine is a gitleaks detector for one rule set plus the engine's own
// placeholder filters. It is safe for concurrent use: DetectContext only reads
// the detector's configuration.
type engine struct {
	// full has every rule and decodes as the gitleaks CLI does; it serves
	// every fragment when a rule needs others (decode is nil), and is
	// built at the first of them: its keyword trie is the size of all the
	// others together, and most scans never need it. The rare fragments
	// the windows below cannot serve get decoding's detectors instead.
	// gitleaks' first pass over a text is first, which has every rule but
	// gitleaks' generic one and does not decode, and generic, which has
	// that rule only and reads the lines around its keywords (see
	// genericWindows); its decoding passes are decode's.
	full           func() *detect.Detector
	plain, generic *detect.Detector
	// decoding is full by parts: a detector of the rules that may find
	// something in a fragment or in the texts its decoding passes read.
	decoding        *ruleSelection
	genericKeywords *keywordMatcher
	// windowed has the generic rule without its keywords, for its windows:
	// each holds a keyword line, so gitleaks would run the rule on it
	// anyway, and need not look for the keywords again.
	windowed *detect.Detector
	// genericGate is genericMay where the generic rule has the pattern it
	// was written for, else nil.
	genericGate func(string) bool
	decode      *decodeScan
	// first runs on a fragment those of its rules that may find something
	// there (see ruleSelection). plain has the same rules but the
	// gatedRules, for the context lines (see contextHits).
	first *ruleSelection
	// semiGeneric are first's rules that run on their keywords' windows
	// (see isSemiGeneric), by index in first, and semiGenericMask their
	// bit set.
	semiGeneric     map[int]*semiGenericRule
	semiGenericMask []uint64
	// allow is gitleaks' global value allow-list, applied to the line rules.
	allow []*gconfig.Allowlist
	// providers are the rule keywords that lend a mapping or block's name
	// to the keys inside it (see contextLines).
	providers *providerMatcher
}

// engines builds and caches one engine per distinct set of policy rules.
type engines struct {
	builtin   map[string]gconfig.Rule
	allowlist []*gconfig.Allowlist
	base      *engine

	mu    sync.Mutex
	cache map[string]*engine
}

func newEngines() (*engines, error) {
	builtin, allow, err := loadDefaults()
	if err != nil {
		return nil, err
	}
	e := &engines{builtin: builtin, allowlist: allow, cache: map[string]*engine{}}
	e.base = e.build(nil)
	return e, nil
}

// forRules returns the engine for a policy's extra rules, or the rules' errors.
func (e *engines) forRules(rules []config.SecretRule) (*engine, error) {
	if len(rules) == 0 {
		return e.base, nil
	}
	key, err := rulesKey(rules)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	cached := e.cache[key]
	e.mu.Unlock()
	if cached != nil {
		return cached, nil
	}
	custom, errs := buildCustomRules(rules)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	eng := e.build(custom)
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.cache) >= maxCachedDetectors {
		clear(e.cache)
	}
	e.cache[key] = eng
	return eng, nil
}

// build combines gitleaks' rules with a policy's rules into a detector
// without going through gitleaks' config loader (see loadDefaults). The
// engine's own line rules run beside it (see lineRule).
func (e *engines) build(custom map[string]gconfig.Rule) *engine {
	all := make(map[string]gconfig.Rule, len(e.builtin)+len(custom))
	for _, rs := range []map[string]gconfig.Rule{e.builtin, custom} {
		for id, r := range rs {
			all[id] = r
		}
	}
	generic, hasGeneric := all[genericRule]
	// Without keywords gitleaks runs a rule on every fragment: there are no
	// windows to read, so a keyword-less generic rule is an ordinary one.
	hasGeneric = hasGeneric && len(generic.Keywords) > 0
	rest := make(map[string]gconfig.Rule, len(all))
	first := make(map[string]gconfig.Rule, len(all))
	tests := map[string]func(string) bool{}
	for id, r := range all {
		_, replaced := custom[id]
		may, isGated := gatedRules[id]
		switch {
		case id == genericRule && hasGeneric:
			continue
		case isGated && !replaced: // a policy's rule of that id has its own pattern
			tests[id] = may
		default:
			rest[id] = r
		}
		first[id] = r
	}
	var genericProbe []string
	if hasGeneric {
		genericProbe = generic.Keywords
	}
	eng := &engine{
		full:      sync.OnceValue(func() *detect.Detector { return e.detector(all, maxDecodeDepth) }),
		decoding:  newDecodingSelection(all, tests, func(rs map[string]gconfig.Rule) *detect.Detector { return e.detector(rs, maxDecodeDepth) }),
		plain:     e.detector(rest, 0),
		first:     newRuleSelection(first, tests, genericProbe, func(rs map[string]gconfig.Rule) *detect.Detector { return e.detector(rs, 0) }),
		allow:     e.allowlist,
		providers: newProviderMatcher(all),
	}
	eng.semiGeneric = map[int]*semiGenericRule{}
	eng.semiGenericMask = make([]uint64, bitWords(len(eng.first.ids)))
	for i, id := range eng.first.ids {
		if r := eng.first.rules[i]; isSemiGeneric(r) {
			r.Keywords = nil
			eng.semiGeneric[i] = &semiGenericRule{keywords: newKeywordMatcher(eng.first.rules[i].Keywords), detector: e.detector(map[string]gconfig.Rule{id: r}, 0)}
			eng.semiGenericMask[i/64] |= 1 << (i % 64)
		}
	}
	if hasGeneric {
		eng.generic = e.detector(map[string]gconfig.Rule{genericRule: generic}, 0)
		bare := generic
		bare.Keywords = nil
		eng.windowed = e.detector(map[string]gconfig.Rule{genericRule: bare}, 0)
		if generic.Regex != nil && generic.Regex.String() == genericPattern {
			eng.genericGate = genericMay
		}
		eng.genericKeywords = newKeywordMatcher(generic.Keywords)
	}
	eng.decode = newDecodeScan(all, e.detector)
	return eng
}

func (e *engines) detector(rules map[string]gconfig.Rule, decodeDepth int) *detect.Detector {
	cfg := gconfig.Config{
		Title:      "gatehouse",
		Rules:      rules,
		Keywords:   map[string]struct{}{},
		Allowlists: e.allowlist,
	}
	for id, r := range rules {
		cfg.OrderedRules = append(cfg.OrderedRules, id)
		for _, k := range r.Keywords {
			cfg.Keywords[k] = struct{}{}
		}
	}
	det := detect.NewDetector(cfg)
	det.MaxDecodeDepth = decodeDepth
	// Inline markers are honoured by this engine, which lists the finding as
	// waived; gitleaks would drop it silently.
	det.IgnoreGitleaksAllow = true
	return det
}

// rulesKey identifies a rule set by content; Line is where the rule sits in
// the file and does not change what it matches.
func rulesKey(rules []config.SecretRule) (string, error) {
	stripped := make([]config.SecretRule, len(rules))
	for i, r := range rules {
		r.Line = 0
		stripped[i] = r
	}
	b, err := json.Marshal(stripped)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
