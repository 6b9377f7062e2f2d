package secrets

import (
	"maps"
	"math/rand/v2"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/regexp"
)

// The semi-generic frame is recognised in gitleaks' own rules, in both its
// forms, and nowhere the windows' reasoning would not hold.
func TestSemiGenericRulesAreRecognised(t *testing.T) {
	c := newCheck(t)
	var found []string
	for id, r := range c.engines.builtin {
		if isSemiGeneric(r) {
			found = append(found, id)
		}
	}
	// gitleaks v8.30.1 writes 106 rules with GenerateSemiGenericRegex; the
	// few whose keywords are in the value, not the name (typeform's
	// "tfp_", New Relic's "nrak"), or with a second pattern beside the
	// frame (atlassian), run whole. Its generic rule has the frame too,
	// which the engine runs on windows of its own (see genericWindows).
	if len(found) < 90 {
		t.Errorf("%d semi-generic rules recognised, want most of gitleaks' 106: %v", len(found), found)
	}
	for _, id := range []string{"adafruit-api-key", "cisco-meraki-api-key", "okta-access-token", "sumologic-access-id", genericRule} {
		if !slices.Contains(found, id) {
			t.Errorf("%s is not recognised", id)
		}
	}
	for _, id := range []string{"github-pat", "kubernetes-secret-yaml", "private-key", "jwt", "typeform-api-token", "atlassian-api-token"} {
		if slices.Contains(found, id) {
			t.Errorf("%s is taken for a semi-generic rule", id)
		}
	}

	frame := func(words, value string) string {
		return semiGenericStart + words + semiGenericMiddle + value + semiGenericEnd
	}
	tests := []struct {
		name     string
		pattern  string
		keywords []string
		want     bool
	}{
		{"the frame", frame("acme|acmecorp", "[a-z0-9]{32}"), []string{"acme"}, true},
		{"the case-sensitive frame", semiGenericStartCased + "acme" + semiGenericMiddleCased + "[a-z0-9]{32}" + semiGenericEnd, []string{"acme"}, true},
		{"a word without a keyword", frame("acme|other", "[a-z0-9]{32}"), []string{"acme"}, false},
		{"a keyword longer than the words", frame("acme", "[a-z0-9]{32}"), []string{"acmecorp"}, false},
		{"no keywords", frame("acme", "[a-z0-9]{32}"), nil, false},
		{"a value that may hold a newline", frame("acme", `[a-z0-9\s]{32}`), []string{"acme"}, false},
		{"a value of any character", frame("acme", `(?s:.){32}`), []string{"acme"}, false},
		{"words that may end in a quote", frame(`acme'`, "[a-z0-9]{32}"), []string{"acme"}, false},
		{"words without bound", frame(`acme\w*`, "[a-z0-9]{32}"), []string{"acme"}, false},
		{"a frame changed", strings.Replace(frame("acme", "[a-z0-9]{32}"), "{0,3}", "{0,9}", 1), []string{"acme"}, false},
		{"more after the frame", frame("acme", "[a-z0-9]{32}") + "x", []string{"acme"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := gconfig.Rule{RuleID: "acme", Regex: regexp.MustCompile(tt.pattern), Keywords: tt.keywords}
			if got := isSemiGeneric(r); got != tt.want {
				t.Errorf("isSemiGeneric = %v, want %v", got, tt.want)
			}
		})
	}
}

// Each semi-generic rule finds on its windows what gitleaks finds on the
// whole fragment: names in any case and any position on the line, values
// on the line or on a later one (the frame's blanks may hold newlines),
// windows at either end of the fragment, CRLF lines, values with no name,
// and names spelled with the Kelvin sign or the long s.
func TestSemiGenericRulesFindWhatGitleaksFinds(t *testing.T) {
	c := newCheck(t)
	e := c.engines.base
	g := newGen(61)
	ids := slices.Sorted(maps.Keys(c.engines.builtin))
	compared, findings := 0, 0
	for _, id := range ids {
		r := c.engines.builtin[id]
		if !isSemiGeneric(r) {
			continue
		}
		words, value := semiGenericParts(t, r)
		name := func() string {
			w := words[g.r.IntN(len(words))]
			switch g.r.IntN(6) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ReplaceAll(w, "k", "\u212a")
			case 2:
				w = strings.ReplaceAll(w, "s", "\u017f")
			}
			prefixes := []string{"", "my_", "APP-", "x.", "  "}
			suffixes := []string{"", "_key", " token", ".secret"}
			return prefixes[g.r.IntN(len(prefixes))] + w + suffixes[g.r.IntN(len(suffixes))]
		}
		pieces := []func() string{
			func() string { return g.fillerLine("go") },
			func() string { return g.fillerLine("go") },
			func() string { return name() + " = \"" + sample(g.r, value) + "\"" },
			func() string { return name() + ": " + sample(g.r, value) },
			func() string { return name() + " =\n\n  '" + sample(g.r, value) + "'" },
			func() string { return name() + "\n  =>\n" + sample(g.r, value) + ";" },
			func() string { return "value = " + sample(g.r, value) },
			func() string { return name() + " is set elsewhere" },
		}
		for range 12 {
			lines := g.lines(pieces, 1, 30, 3)
			sep := "\n"
			if g.r.IntN(4) == 0 {
				sep = "\r\n"
			}
			raw := strings.Join(lines, sep)
			if g.r.IntN(2) == 0 {
				raw += sep
			}
			want, got := compareHits(e.full(), e, raw)
			if !maps.Equal(want, got) {
				t.Fatalf("%s, fragment:\n%q\ngitleaks: %v\nengine: %v", id, raw, want, got)
			}
			compared++
			for k, n := range want {
				if k.rule == id {
					findings += n
				}
			}
		}
	}
	t.Logf("%d fragments compared, %d findings of the semi-generic rules", compared, findings)
	if findings < compared/2 {
		t.Errorf("only %d findings of the semi-generic rules in %d fragments: the test does not exercise them", findings, compared)
	}
}

// semiGenericParts returns the words a semi-generic rule's name may hold
// and its value's pattern.
func semiGenericParts(t *testing.T, r gconfig.Rule) ([]string, *syntax.Regexp) {
	t.Helper()
	pattern := r.Regex.String()
	words, rest, ok := cutFrame(pattern, semiGenericStart, semiGenericMiddle)
	if !ok {
		words, rest, ok = cutFrame(pattern, semiGenericStartCased, semiGenericMiddleCased)
	}
	value, _ := strings.CutSuffix(rest, semiGenericEnd)
	wordsRE, err := syntax.Parse(words, syntax.Perl)
	if err != nil || !ok {
		t.Fatalf("%s: %v", r.RuleID, err)
	}
	ss, _ := literalStrings(wordsRE)
	valueRE, err := syntax.Parse(value, syntax.Perl)
	if err != nil {
		t.Fatalf("%s: %v", r.RuleID, err)
	}
	return ss, valueRE.Simplify()
}

// sample returns a string re matches, choosing at random where it may.
func sample(r *rand.Rand, re *syntax.Regexp) string {
	var b strings.Builder
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			b.WriteString(string(re.Rune))
		case syntax.OpCharClass:
			var all []rune
			for i := 0; i+1 < len(re.Rune); i += 2 {
				for c := re.Rune[i]; c <= re.Rune[i+1] && c < 0x7f; c++ {
					if c > ' ' {
						all = append(all, c)
					}
				}
			}
			if len(all) > 0 {
				b.WriteRune(all[r.IntN(len(all))])
			}
		case syntax.OpCapture, syntax.OpPlus:
			walk(re.Sub[0])
		case syntax.OpStar, syntax.OpQuest:
			if r.IntN(2) == 0 {
				walk(re.Sub[0])
			}
		case syntax.OpRepeat:
			n := re.Min
			if re.Max > re.Min {
				n += r.IntN(re.Max - re.Min + 1)
			}
			for range n {
				walk(re.Sub[0])
			}
		case syntax.OpConcat:
			for _, sub := range re.Sub {
				walk(sub)
			}
		case syntax.OpAlternate:
			walk(re.Sub[r.IntN(len(re.Sub))])
		}
	}
	walk(re)
	return b.String()
}
