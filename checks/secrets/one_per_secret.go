package secrets

import (
	"cmp"
	"slices"
	"strings"

	"github.com/zricethezav/gitleaks/v8/report"
)

// Ranks of how much a rule's name says about a secret.
const (
	rankGeneric   = iota // gitleaks' generic-api-key
	rankContainer        // rules whose match holds a secret of any kind: a password assignment, a URL's credentials, a Kubernetes Secret's value, a curl header
	rankProvider         // a provider's own token format
)

// containerRules say where a secret is but not what it is.
var containerRules = map[string]bool{
	rulePasswordAssignment:   true,
	ruleURLCredentials:       true,
	"kubernetes-secret-yaml": true,
	"curl-auth-header":       true,
	"curl-auth-user":         true,
	ruleCLIFlag:              true,
	ruleAuthHeader:           true,
}

func ruleRank(rule string) int {
	switch {
	case strings.Contains(rule, "generic"):
		return rankGeneric
	case containerRules[rule]:
		return rankContainer
	}
	return rankProvider
}

// onePerSecret keeps one hit for each secret at one place: several rules on
// the same text (a provider's token that generic-api-key also matched, a
// base64 value that a Kubernetes Secret's rule holds and that decodes to a
// GitHub token) are one leak, and a reviewer should see one annotation, under
// the most specific rule. The hits dropped leave their fingerprints on the
// one kept, so a waiver written for any of them still applies.
//
// Two hits are the same secret when they lie on the same line and their
// columns overlap: a hit in decoded text has the columns of the encoded text
// it was found in, so it is taken for what another rule found in that text
// (the base64 value generic-api-key matched), never for a password or token
// beside it. A hit without columns (spanning lines, or a decoded one gitleaks
// placed off its line) is never merged: two findings are better than a
// waiver or a rotation notice that lands on the wrong secret.
//
// gitleaks reports a call's findings in the order of a map, so nothing here
// may depend on the order of hits: they are sorted first, each hit goes,
// worst first, to the best hit it overlaps among those that name the secret
// better, and a hit that went to another carries those that came to it.
func onePerSecret(hits []hit) []hit {
	if len(hits) < 2 {
		return hits
	}
	slices.SortFunc(hits, compareHitPlaces)
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case better(hits[b], hits[a]):
			return -1
		case better(hits[a], hits[b]):
			return 1
		}
		return 0
	})
	dropped := make([]bool, len(hits))
	for _, i := range order {
		best := -1
		for j := range hits {
			if j == i || dropped[j] || !sameSecret(hits[i], hits[j]) || !better(hits[j], hits[i]) {
				continue
			}
			if best < 0 || better(hits[j], hits[best]) {
				best = j
			}
		}
		if best >= 0 {
			merge(&hits[best], hits[i])
			dropped[i] = true
		}
	}
	out := hits[:0]
	for i, h := range hits {
		if !dropped[i] {
			out = append(out, h)
		}
	}
	return out
}

// compareHitPlaces orders hits by where they are, then by rule and value.
func compareHitPlaces(a, b hit) int {
	return cmp.Or(cmp.Compare(a.startLine, b.startLine), cmp.Compare(a.startCol, b.startCol),
		cmp.Compare(a.endLine, b.endLine), cmp.Compare(a.endCol, b.endCol),
		strings.Compare(a.rule, b.rule), strings.Compare(a.fingerprint, b.fingerprint))
}

func sameSecret(a, b hit) bool {
	return a.startLine == b.startLine && a.fingerprint != b.fingerprint &&
		a.startCol > 0 && b.startCol > 0 && a.startCol <= b.endCol && b.startCol <= a.endCol
}

// better reports whether a names the secret better than b: the more specific
// rule, then the text as written over decoded text, then the longer secret
// (in the text, then decoded), then gitleaks' rule over the engine's own,
// then the rule first by name, then the fingerprint. The last two make it a
// total order, so that the choice is the same whatever order the hits come
// in: gitleaks reports one call's findings in the order of a map, and two
// provider rules may match one secret (trufflehog's history:
// artifactory-reference-token and jfrog-identity-token, which came out one
// way or the other from one run to the next).
func better(a, b hit) bool {
	if ra, rb := ruleRank(a.rule), ruleRank(b.rule); ra != rb {
		return ra > rb
	}
	if (a.encoding == "") != (b.encoding == "") {
		return a.encoding == ""
	}
	if la, lb := a.endCol-a.startCol, b.endCol-b.startCol; la != lb {
		return la > lb
	}
	if a.size != b.size {
		return a.size > b.size
	}
	if oa, ob := ownRule(a.rule), ownRule(b.rule); oa != ob {
		return ob
	}
	if a.rule != b.rule {
		return a.rule < b.rule
	}
	return a.fingerprint < b.fingerprint
}

// ownRule reports whether a rule is one of the engine's line rules.
func ownRule(id string) bool {
	return slices.ContainsFunc(lineRules, func(r *lineRule) bool { return r.id == id })
}

// merge folds drop into keep: its fingerprints, so that a waiver written for
// the same text under another rule still applies.
func merge(keep *hit, drop hit) {
	keep.aliases = append(append(keep.aliases, drop.fingerprint), drop.aliases...)
	if keep.marker == "" || drop.marker == "" {
		keep.marker = ""
	}
}

// encodingOf names the encoding gitleaks decoded to find f ("base64",
// "hex", "percent", "unicode"), or "" when f is in the text as written.
func encodingOf(f report.Finding) string {
	if !isDecoded(f) {
		return ""
	}
	for _, t := range f.Tags {
		if enc, ok := strings.CutPrefix(t, "decoded:"); ok {
			return enc
		}
	}
	return "encoded"
}
