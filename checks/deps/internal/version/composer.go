package version

import (
	"regexp"
	"strings"
)

// composerClassic is Composer's VersionParser::normalize for classic versions
// (lower-cased first): up to four numbers, one stability modifier with its
// numbers, and an optional dev suffix.
var composerClassic = regexp.MustCompile(`^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?[._-]?(?:(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?([.-]?dev)?$`)

// composerWords expands the modifiers Composer accepts to the one word it
// keeps (VersionParser::expandStability): "b1" and "beta1" are one version.
var composerWords = map[string]string{"a": "alpha", "b": "beta", "p": "patch", "pl": "patch"}

// phpForms are PHP version_compare's special forms in its order of lookup; a
// word takes the rank of the first form it starts with, as PHP does.
var phpForms = []struct {
	prefix string
	rank   int
}{{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2}, {"rc", 3}, {"#", 4}, {"pl", 5}, {"p", 5}}

// parseComposer normalises s as Composer does, then compares as PHP's
// version_compare (Composer\Semver\Comparator). A version Composer would not
// normalise (a date, a branch) is compared token by token.
func parseComposer(s string) Version {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v")
	if i := strings.IndexByte(s, '+'); i > 0 {
		s = s[:i] // build metadata does not order
	}
	m := composerClassic.FindStringSubmatch(s)
	if m == nil {
		return generic{toks: tokenize(s), composer: true}
	}
	toks := make([]string, 0, 8)
	for _, n := range m[1:5] {
		if n == "" {
			n = "0"
		}
		toks = append(toks, n)
	}
	if w := m[5]; w != "" && w != "stable" {
		if full, ok := composerWords[w]; ok {
			w = full
		}
		toks = append(toks, w)
		toks = append(toks, tokenize(m[6])...)
	}
	if m[7] != "" {
		toks = append(toks, "dev")
	}
	return generic{toks: toks, composer: true}
}

// composerRank is version_compare's rank of a word; unknown words rank below dev.
func composerRank(t string) int {
	for _, f := range phpForms {
		if strings.HasPrefix(t, f.prefix) {
			return f.rank
		}
	}
	return -1
}
