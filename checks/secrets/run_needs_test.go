package secrets

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
)

func TestRunNeedsOf(t *testing.T) {
	tests := []struct {
		pattern string
		want    []runNeed // compared by n and a few members of the class
		in, out string    // bytes that must be, must not be in the first need's class
	}{
		{`ghp_[0-9a-zA-Z]{36}`, []runNeed{{n: 40}}, "ghp_09azAZ\xc3", " .-/"},
		{`(?i)\b(AKIA|ASIA)[A-Z2-7]{16}\b`, []runNeed{{n: 20}}, "AKIASkia27", "018 "},
		{`\b(hvs\.[\w-]{90,120}|s\.(?i:[a-z0-9]{24}))`, []runNeed{{n: 26}}, "hvs.s_-aZ09", " /"},
		{`(?:x|yz)[a-f]{10}`, []runNeed{{n: 11}}, "xyzaf", "gA "},
		{`[a-z]+`, nil, "", ""},             // no length
		{`key\s*=\s*(.{12,})`, nil, "", ""}, // any character
		{`[a-z]{3}(`, nil, "", ""},          // not a pattern
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := runNeedsOf(tt.pattern)
			if len(got) < len(tt.want) || len(tt.want) == 0 && len(got) > 0 {
				t.Fatalf("needs %v, want %d", got, len(tt.want))
			}
			if len(tt.want) == 0 {
				return
			}
			if got[0].n != tt.want[0].n {
				t.Errorf("first need is a run of %d, want %d", got[0].n, tt.want[0].n)
			}
			for i := 0; i < len(tt.in); i++ {
				if !got[0].class.has(tt.in[i]) {
					t.Errorf("%q not in the class", tt.in[i])
				}
			}
			for i := 0; i < len(tt.out); i++ {
				if got[0].class.has(tt.out[i]) {
					t.Errorf("%q in the class", tt.out[i])
				}
			}
		})
	}
}

// A need that a match does not meet would hide a secret. Every match of
// every builtin rule's pattern, in real texts and in strings generated from
// the pattern itself (case folded, with non-ASCII characters where the
// pattern allows them), must meet each of the rule's needs.
func TestRunNeedsHoldOnEveryMatch(t *testing.T) {
	c := newCheck(t)
	var texts []string
	for _, text := range realTexts(t) {
		texts = append(texts, text)
	}
	r := rand.New(rand.NewPCG(7, 11))
	gated, checked := 0, 0
	for id, rule := range c.engines.builtin {
		if rule.Regex == nil {
			continue
		}
		needs := runNeedsOf(rule.Regex.String())
		if len(needs) == 0 {
			continue
		}
		gated++
		re, err := syntax.Parse(rule.Regex.String(), syntax.Perl)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		samples := append([]string(nil), texts...)
		for range 300 {
			var b strings.Builder
			generate(re, r, &b)
			samples = append(samples, b.String(), " "+b.String()+"\n")
		}
		matched := checkNeeds(t, id, rule, needs, samples)
		if matched == 0 {
			t.Errorf("%s: no match in any text: the test does not exercise it", id)
		}
		checked += matched
	}
	if gated < 100 {
		t.Fatalf("only %d rules have needs", gated)
	}
	t.Logf("%d rules with needs, %d matches checked", gated, checked)
}

// checkNeeds reports every match of the rule in texts that misses a need,
// and returns how many matches it checked.
func checkNeeds(t *testing.T, id string, rule gconfig.Rule, needs []runNeed, texts []string) int {
	t.Helper()
	n := 0
	for _, text := range texts {
		for _, m := range rule.Regex.FindAllString(text, -1) {
			n++
			for _, need := range needs {
				if !hasRun(m, need.class.table(), need.n) {
					t.Errorf("%s: match %q has no run of %d of its need's class", id, m, need.n)
				}
			}
		}
	}
	return n
}

// generate writes a random string of re's language, mostly: zero-width
// assertions are not enforced, so the caller keeps what the rule matches.
func generate(re *syntax.Regexp, r *rand.Rand, b *strings.Builder) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, c := range re.Rune {
			b.WriteRune(foldSome(c, re.Flags&syntax.FoldCase != 0, r))
		}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return
		}
		i := 2 * r.IntN(len(re.Rune)/2)
		lo, hi := re.Rune[i], min(re.Rune[i+1], re.Rune[i]+300)
		b.WriteRune(lo + rune(r.IntN(int(hi-lo)+1)))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteRune([]rune("a0 _\u00e9\u212a-")[r.IntN(7)])
	case syntax.OpCapture:
		generate(re.Sub[0], r, b)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			generate(sub, r, b)
		}
	case syntax.OpAlternate:
		generate(re.Sub[r.IntN(len(re.Sub))], r, b)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 3
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Min+3
			if re.Max >= 0 {
				hi = min(hi, re.Max)
			}
		}
		for n := lo + r.IntN(hi-lo+1); n > 0; n-- {
			generate(re.Sub[0], r, b)
		}
	}
}

// foldSome returns c or, when the literal folds case, sometimes another
// case of it, the Kelvin sign and the long s included.
func foldSome(c rune, fold bool, r *rand.Rand) rune {
	if !fold || r.IntN(2) == 0 {
		return c
	}
	for f := c; ; {
		f = unicode.SimpleFold(f)
		if f == c {
			return c
		}
		if r.IntN(2) == 0 {
			return f
		}
	}
}

// FuzzRunNeeds checks the needs of every builtin rule on every match in
// arbitrary text; its seeds run with the tests.
func FuzzRunNeeds(f *testing.F) {
	for _, seed := range []string{
		"token = gh" + "p_" + strings.Repeat("aZ9", 12),
		"AKIA" + strings.Repeat("\u212a", 16),
		"s." + strings.Repeat("\u017f", 24) + " hvs." + strings.Repeat("x_", 50),
		"password = \"\xff\xfe" + strings.Repeat("p@ss", 6) + "\"",
		"kind: Secret\ndata:\n  key: " + strings.Repeat("QUJD", 10),
	} {
		f.Add(seed)
	}
	c := newCheck(f)
	type ruleNeeds struct {
		id    string
		rule  gconfig.Rule
		needs []runNeed
	}
	var rules []ruleNeeds
	for id, rule := range c.engines.builtin {
		if rule.Regex != nil {
			if needs := runNeedsOf(rule.Regex.String()); len(needs) > 0 {
				rules = append(rules, ruleNeeds{id, rule, needs})
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range rules {
			checkNeeds(t, r.id, r.rule, r.needs, []string{text})
		}
	})
}

func TestHasRun(t *testing.T) {
	digits := runNeed{class: nonASCII}
	for b := '0'; b <= '9'; b++ {
		digits.class.add(byte(b))
	}
	table := digits.class.table()
	tests := []struct {
		text string
		n    int
		want bool
	}{
		{"", 0, true},
		{"", 1, false},
		{"12345", 5, true},
		{"12345", 6, false},
		{"a1234b56789c", 5, true},
		{"a1234b5678c", 5, false},
		{"1234a1234", 5, false},
		{"x12\u00e934", 6, true}, // é is two bytes from 0x80 up: in every class
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := hasRun(tt.text, table, tt.n); got != tt.want {
				t.Fatalf("hasRun(%q, %d) = %v, want %v", tt.text, tt.n, got, tt.want)
			}
		})
	}
}
