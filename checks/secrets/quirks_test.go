package secrets

import (
	"strings"
	"testing"

	"github.com/rs/zerolog"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	glogging "github.com/zricethezav/gitleaks/v8/logging"
)

// These tests pin the gitleaks v8.30.1 behaviours the engine corrects, so an
// upgrade that changes one of them shows up here rather than as findings on
// the wrong line.
func TestGitleaksQuirksAndTheirCorrection(t *testing.T) {
	rules, allow, err := loadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	raw := newGitleaks(rules, allow)
	tok := newGen(13).githubClassic()
	text := "first\n  token " + tok // the token is on line 2, from column 9

	t.Run("DetectString reports 0-based lines and no fingerprint", func(t *testing.T) {
		fs := raw.DetectString(text)
		if len(fs) != 1 || fs[0].StartLine != 1 || fs[0].Fingerprint != "" {
			t.Fatalf("gitleaks changed: %+v", fs)
		}
	})
	t.Run("columns are one too high after a fragment's first line", func(t *testing.T) {
		fs := raw.Detect(detect.Fragment{Raw: text, StartLine: 1})
		if len(fs) != 1 || fs[0].StartLine != 2 || fs[0].StartColumn != 10 {
			t.Fatalf("gitleaks changed: %+v", fs)
		}
	})
	t.Run("end line stays on the start line when the match ends the fragment", func(t *testing.T) {
		_, ecKey := realKeys(t)
		fs := raw.Detect(detect.Fragment{Raw: ecKey, StartLine: 1})
		if len(fs) != 1 || fs[0].EndLine != 1 {
			t.Fatalf("gitleaks changed: %+v", fs)
		}
	})
	t.Run("nothing is decoded without MaxDecodeDepth", func(t *testing.T) {
		if fs := raw.DetectString("data: " + b64(`{"auth":"`+tok+`"}`)); len(fs) != 0 {
			t.Fatalf("gitleaks changed: %+v", fs)
		}
	})
	t.Run("the engine corrects them", func(t *testing.T) {
		res := mustRun(t, finalOnly(addedAt("a.txt", 30, text)), nil)
		at := findingsAt(res, "a.txt", 31)
		if len(at) != 1 || at[0].StartColumn != 9 || at[0].EndColumn != 8+len(tok) || at[0].Fingerprint != Fingerprint("github-pat", tok) {
			t.Fatalf("got:\n%s", describe(res.Findings))
		}
		_, ecKey := realKeys(t)
		res = mustRun(t, finalOnly(added("ec.txt", ecKey)), nil)
		if f := res.Findings; len(f) != 1 || f[0].StartLine != 1 || f[0].EndLine != strings.Count(ecKey, "\n")+1 {
			t.Fatalf("got:\n%s", describe(res.Findings))
		}
	})
}

func newGitleaks(rules map[string]gconfig.Rule, allow []*gconfig.Allowlist) *detect.Detector {
	cfg := gconfig.Config{Rules: rules, Keywords: map[string]struct{}{}, Allowlists: allow}
	for id, r := range rules {
		cfg.OrderedRules = append(cfg.OrderedRules, id)
		for _, k := range r.Keywords {
			cfg.Keywords[k] = struct{}{}
		}
	}
	return detect.NewDetector(cfg)
}

func TestGitleaksLoggerIsSilenced(t *testing.T) {
	// gitleaks logs the secret it skips at trace level through this logger.
	if lvl := glogging.Logger.GetLevel(); lvl != zerolog.Disabled {
		t.Errorf("gitleaks' global logger is at level %v, want disabled", lvl)
	}
}

func TestDefaultRulesLoadOnce(t *testing.T) {
	a, _, err := loadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	c1, err := New()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := New()
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := loadDefaults()
	// Over 200 content rules, every one with its allow-lists intact, the same
	// map every time (gitleaks' own loader degrades when repeated).
	if len(a) < 200 || len(b) != len(a) || len(a["generic-api-key"].Allowlists) == 0 {
		t.Errorf("default rules: %d then %d, generic allow-lists %d", len(a), len(b), len(a["generic-api-key"].Allowlists))
	}
	if c1.engines.builtin["github-pat"].Regex != c2.engines.builtin["github-pat"].Regex {
		t.Errorf("a second New compiled the rules again")
	}
}
