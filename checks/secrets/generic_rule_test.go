package secrets

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
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
		"one byte":  {"k", "token"},
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

// A generic match runs onto later lines only through the blanks, quotes and
// operators around its operator; the windows stop where no match can go
// further. Each shape below has its value lines after its keyword, through
// every character that lets a match cross a line end: the windows must
// still find what the whole fragment has.
func TestGenericWindowsFollowValuesOntoLaterLines(t *testing.T) {
	g := newGen(43)
	c := newCheck(t)
	e := c.engines.base
	whole := c.engines.detector(c.engines.builtin, 0)
	shapes := []string{
		"api_key\n  =\n  \"%s\"",
		"token:\n\n  %s",
		"secret ,\n'%s'",
		"auth =>\n\t\"%s\"",
		"password ?=\n%s",
		"access ||\n%s",
		"creds >\n%s",
		"token :::=\n%s",
		"api_key\n:\n=\n%s",
		"api_key\n ,\n %s",
		"api_key\n ?=\n %s",
		"api_key\n ||\n %s",
		"api_key\n =>\n %s",
		"token ='\n'%s'",
		"my.token.\n = %s",
		"my-token-\n = %s",
		"my_token_\n = %s",
		"to\u212aen\r\n=\r\n`%s`",
		"key \"\n\f= %s",
		"secret\n\n'=\n\n\n%s",
	}
	for _, shape := range shapes {
		t.Run(shape, func(t *testing.T) {
			value := g.str(base62, 10) + "." + g.str(base62, 10)
			raw := g.fillerLine("go") + "\n" + fmt.Sprintf(shape, value) + "\n" + g.fillerLine("go") + "();"
			if mayDecode(raw) {
				t.Fatalf("the fragment may decode: it tests another path")
			}
			sameAsGitleaks(t, whole, e, raw)
		})
	}
}

// gitleaks' generic pattern is case-insensitive, so the long s (ſ, which
// RE2 folds to s) spells its keywords too, while the keyword prefilter, on
// lower-cased text, does not see them: once any keyword is in a fragment,
// gitleaks finds a value keyed by "ſecret" anywhere in it, above the first
// keyword line or past a window's reach. The engine must too.
func TestGenericKeywordsSpelledWithTheLongS(t *testing.T) {
	c := newCheck(t)
	e := c.engines.base
	whole := c.engines.detector(c.engines.builtin, 0)
	value := "q8Zr3.Xv9Lm.2Pw7Ks"
	tests := map[string]string{
		"below a keyword line that reaches no further": "x := token;\n\u017fecret = \"" + value + "\"\n",
		"inside the name":             "x := token;\nmy_pa\u017f\u017fword = \"" + value + "\"\n",
		"above the only keyword line": "\u017fecret = \"" + value + "\"\ntoken\n",
		"past a window's reach":       "token\n" + strings.Repeat("a\n", 12) + "\u017fecret = \"" + value + "\"\n",
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			sameAsGitleaks(t, whole, e, raw)
		})
	}
}

// sameAsGitleaks fails unless the engine's hits on raw are those of the
// detector whole run on all of it, and there is at least one.
func sameAsGitleaks(t *testing.T, whole *detect.Detector, e *engine, raw string) {
	t.Helper()
	want, got := compareHits(whole, e, raw)
	if len(want) == 0 {
		t.Fatalf("gitleaks finds nothing in:\n%s", raw)
	}
	if !maps.Equal(want, got) {
		t.Fatalf("fragment:\n%s\nwhole fragment: %v\nengine: %v", raw, want, got)
	}
}

func TestGenericReachFrom(t *testing.T) {
	tests := []struct {
		line, rest string
		want       int
	}{
		{`token := "abc"`, "x\ny", 1}, // ends like a keyword line ending in blanks
		{`token := f(x);`, "x\ny", 0},
		{`f(token)`, "x", 0},
		{`token = compute();`, "x", 0},
		{`api_key`, "x\ny", 1},
		{`token:`, "\n  \n'\nvalue\nz", 4},
		{`token =`, "=\n=\n=\n=\n=\n=\n=\n=\n=\n=\n", genericReach},
		{`secret,`, "", 1},
		{`acce` + "\u017f", "x", 1},
		{`password "`, " \"\nx", 2},
		{`key ==`, "x :\ny", 1},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := genericReachFrom(tt.line, tt.rest); got != tt.want {
				t.Fatalf("genericReachFrom(%q, %q) = %d, want %d", tt.line, tt.rest, got, tt.want)
			}
		})
	}
}
