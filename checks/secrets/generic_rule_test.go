package secrets

import (
	"fmt"
	"strings"
	"testing"
)

// The keyword test must say what gitleaks' prefilter says: the keyword is in
// the line lower-cased with strings.ToLower.
func TestKeywordMatcherAgreesWithLowerCasing(t *testing.T) {
	g := newGen(41)
	many := make([]string, 70)
	for i := range many {
		many[i] = fmt.Sprintf("kw%02d", i)
	}
	sets := map[string][]string{
		"generic":   {"access", "api", "auth", "key", "credential", "creds", "passwd", "password", "secret", "token"},
		"uppercase": {"Token", "API_KEY"},
		"many":      many,
		"unicode":   {"clé", "key"},
	}
	lines := []string{
		"", "k", "ke", "KEY", "a KeY b", "monkey", "ToKeN=1", "api_key", "to\u212aen = 1", "pass\u00e9word",
		"clé = 1", "CLÉ = 1", "kw69", "KW05 x", "passw", "pAsSwOrD", "\xff\xfekey", "\xffnothing",
	}
	for range 300 {
		lines = append(lines, g.fillerLine("go"), g.str(base62, 20)+"api"[:g.r.IntN(4)]+g.str(base62, 3))
	}
	for name, kws := range sets {
		t.Run(name, func(t *testing.T) {
			m := newKeywordMatcher(kws)
			for _, line := range lines {
				lower := strings.ToLower(line)
				want := false
				for _, k := range kws {
					want = want || strings.Contains(lower, strings.ToLower(k))
				}
				if got := m.in(line); got != want {
					t.Errorf("in(%q) = %v, want %v", line, got, want)
				}
			}
		})
	}
}
