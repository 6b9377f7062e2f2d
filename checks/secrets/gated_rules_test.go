package secrets

import (
	"context"
	"maps"
	"strings"
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// TestGatedRulesFindWhatTheirRegexFinds runs the gated rules' detectors on
// fragments with and without their secrets and checks the engine, which
// skips them where their test fails, finds exactly what they find alone.
func TestGatedRulesFindWhatTheirRegexFinds(t *testing.T) {
	g := newGen(41)
	c := newCheck(t)
	e := c.engines.base
	hexLower := "0123456789abcdef"
	// A slice, not a map: the seeded generator gives the same fragments on
	// every run.
	secrets := []func() string{
		func() string { // jwt
			return "eyJ" + g.str(base62, 20) + ".eyJ" + g.str(base62, 24) + "." + g.str(base62, 16)
		},
		func() string { return "SK" + g.str(hexLower, 32) },      // twilio-api-key
		func() string { return "s." + g.str(base62, 24) },        // vault-service-token
		func() string { return "hvs." + g.str(base62+"_-", 95) }, // vault-service-token
	}
	pieces := []func() string{
		func() string { return g.fillerLine("go") },
		func() string { return "s.Lock(); defer s.mu.Unlock() // the key they ask for" },
		func() string { return "task := disk.Ask(key) // eyes on SKU " + g.str(base62, 10) },
		func() string { return "eyJhbGciOi." + g.str(base62, 8) }, // too short for a JWT
	}
	for _, s := range secrets {
		pieces = append(pieces, func() string { return "value: " + s() + "\n" })
	}
	alone := map[string]*detect.Detector{}
	for id := range gatedRules {
		alone[id] = c.engines.detector(map[string]gconfig.Rule{id: c.engines.builtin[id]}, 0)
	}
	type key struct {
		rule, fp string
		line     int
	}
	found := map[string]int{}
	for i := 0; i < 150; i++ {
		var lines []string
		for n := 1 + g.r.IntN(20); n > 0; n-- {
			lines = append(lines, pieces[g.r.IntN(len(pieces))]())
		}
		raw := strings.Join(lines, "\n")
		if mayDecode(raw) {
			continue
		}
		want := map[key]int{}
		for id, d := range alone {
			for _, f := range d.DetectContext(context.Background(), detect.Fragment{Raw: raw, FilePath: "a.txt", StartLine: 1}) {
				if h, ok := toHit(f, raw, 1); ok {
					want[key{id, h.fingerprint, h.startLine}]++
				}
			}
		}
		got := map[key]int{}
		for _, h := range e.gitleaksHits(context.Background(), "a.txt", raw) {
			if alone[h.rule] != nil {
				got[key{h.rule, h.fingerprint, h.startLine}]++
				found[h.rule]++
			}
		}
		if !maps.Equal(want, got) {
			t.Fatalf("fragment:\n%s\nrules alone: %v\nengine: %v", raw, want, got)
		}
	}
	for id := range gatedRules {
		if found[id] == 0 {
			t.Errorf("%s never found: the test does not exercise it", id)
		}
	}
}

func TestGatedRuleTests(t *testing.T) {
	tests := []struct {
		rule, text string
		want       bool
	}{
		{"twilio-api-key", "key SK0123456789abcdef0123456789abcdef", true},
		{"twilio-api-key", "task skip SKU0123", false},
		{"twilio-api-key", "sk0123456789abcdef0123456789abcdef", false}, // the regex is case-sensitive
		{"jwt", "t=eyJabcdefghijklmnopqrs.eyJx", true},
		{"jwt", "they eyJabc.eyJ keys", false},
		{"vault-service-token", "s.ABCDEFGHIJKLMNOPQRSTUVWX ", true},
		{"vault-service-token", "s.\u212aBCDEFGHIJKLMNOPQRSTUVW ", true}, // Kelvin sign under (?i)
		{"vault-service-token", "s.Lock() s.mu", false},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.text, func(t *testing.T) {
			if got := gatedRules[tt.rule](tt.text); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
