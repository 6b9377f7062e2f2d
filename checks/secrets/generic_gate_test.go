package secrets

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"testing"
)

func TestGenericMay(t *testing.T) {
	value := "abcdefghij" + "0123456789"
	tests := []struct {
		text string
		want bool
	}{
		{`api_key = "` + value + `"`, true},
		{`TOKEN:` + value, true},
		{"secret\n\n'=\n\n\n" + value, true},
		{`my.auth.token-x  'ʼ`, true}, // not ASCII: always runs
		{`passwd ||` + value + `;`, true},
		{"token:::=  \t'\"" + value, true}, // the longest operator, 5 blanks and quotes
		{`credential =>` + value + `\n`, true},
		{`token, err := newToken()`, false},
		{`apiKey := os.Getenv("API_KEY")`, false},
		{`key = "short"`, false},
		{`secret = ` + value + `(x)`, false},                     // a call, not a value
		{`the token is ` + value, false},                         // no operator
		{`token` + strings.Repeat(" ", 23) + `= ` + value, true}, // 20 name characters, 3 blanks
		{`token` + strings.Repeat(" ", 24) + `= ` + value, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := genericMay(tt.text); got != tt.want {
				t.Fatalf("genericMay(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// genericMay must hold on every text the generic pattern matches in: on
// every match in real texts, in the shapes that cross lines, and in strings
// generated from the pattern itself. The builtin rule must have the pattern
// genericMay was written for, or the gate is off.
func TestGenericMayHoldsOnEveryMatch(t *testing.T) {
	c := newCheck(t)
	rule := c.engines.builtin[genericRule]
	if rule.Regex.String() != genericPattern || c.engines.base.genericGate == nil {
		t.Fatalf("gitleaks' generic pattern is not the one genericMay was written for:\n%s", rule.Regex.String())
	}
	re, err := syntax.Parse(genericPattern, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, text := range realTexts(t) {
		texts = append(texts, text)
	}
	r := rand.New(rand.NewPCG(5, 9))
	for range 3000 {
		var b strings.Builder
		generate(re, r, &b)
		texts = append(texts, b.String(), b.String()+"\n")
	}
	matches := 0
	for _, text := range texts {
		for _, m := range rule.Regex.FindAllString(text, -1) {
			matches++
			if !genericMay(m) {
				t.Errorf("genericMay is false on a match: %q", m)
			}
		}
	}
	if matches < 1000 {
		t.Fatalf("only %d matches checked", matches)
	}
	t.Logf("%d matches checked", matches)
}
