package secrets

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

func TestWaivers(t *testing.T) {
	g := newGen(6)
	tok := g.githubClassic()
	fp := Fingerprint("github-pat", tok)
	tests := []struct {
		name      string
		path      string
		line      string
		allow     config.SecretsAllow
		wantWhy   string // "" means the finding blocks
		wantTitle string
	}{
		{"no waiver", "src/a.go", "t := \"" + tok + "\"", config.SecretsAllow{}, "", "1 secret found"},
		{"allow-listed path", "testdata/fixtures/a.go", "t := \"" + tok + "\"",
			config.SecretsAllow{Paths: config.MustGlobs("testdata/**")}, `path matches secrets.allow.paths "testdata/**"`, "No secrets found (1 waived)"},
		{"path glob that does not match", "src/testdata.go", "t := \"" + tok + "\"",
			config.SecretsAllow{Paths: config.MustGlobs("testdata/**")}, "", "1 secret found"},
		// The policy's one glob rule (config.Glob): case is ignored, and a
		// pattern without a slash is a base name at any depth.
		{"glob ignores case", "TestData/a.go", "t := \"" + tok + "\"",
			config.SecretsAllow{Paths: config.MustGlobs("testdata/**")}, `path matches secrets.allow.paths "testdata/**"`, "No secrets found (1 waived)"},
		{"*.lock at any depth", "web/yarn.lock", "t := \"" + tok + "\"",
			config.SecretsAllow{Paths: config.MustGlobs("*.lock")}, `path matches secrets.allow.paths "*.lock"`, "No secrets found (1 waived)"},
		{"*.LOCK is *.lock", "web/yarn.lock", "t := \"" + tok + "\"",
			config.SecretsAllow{Paths: config.MustGlobs("*.LOCK")}, `path matches secrets.allow.paths "*.LOCK"`, "No secrets found (1 waived)"},
		{"a leading slash anchors to the root", "web/yarn.lock", "t := \"" + tok + "\"",
			config.SecretsAllow{Paths: config.MustGlobs("/yarn.lock")}, "", "1 secret found"},
		{"allow-listed fingerprint", "src/a.go", "t := \"" + tok + "\"",
			config.SecretsAllow{Fingerprints: []string{fp}}, "fingerprint listed in secrets.allow.fingerprints", "No secrets found (1 waived)"},
		{"fingerprint of another secret", "src/a.go", "t := \"" + tok + "\"",
			config.SecretsAllow{Fingerprints: []string{Fingerprint("github-pat", g.githubClassic())}}, "", "1 secret found"},
		{"gatehouse:allow marker", "src/a.go", "t := \"" + tok + "\" // gatehouse:allow", config.SecretsAllow{}, `inline "gatehouse:allow" marker on the line`, "No secrets found (1 waived)"},
		{"gitleaks:allow marker", "src/a.py", "t = \"" + tok + "\"  # gitleaks:allow", config.SecretsAllow{}, `inline "gitleaks:allow" marker on the line`, "No secrets found (1 waived)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, "package a\n"+tt.line)), policy(func(s *config.Secrets) { s.Allow = tt.allow }))
			if len(res.Findings) != 1 {
				t.Fatalf("want the finding listed, waived or not, got:\n%s", describe(res.Findings))
			}
			f := res.Findings[0]
			if f.Waived != tt.wantWhy || f.Fingerprint != fp || f.StartLine != 2 {
				t.Errorf("waived %q fingerprint %q line %d, want %q %q 2", f.Waived, f.Fingerprint, f.StartLine, tt.wantWhy, fp)
			}
			wantConclusion := checks.Failure
			if tt.wantWhy != "" {
				wantConclusion = checks.Success
				if !strings.Contains(res.Summary, "Waived (1)") || !strings.Contains(res.Summary, fp) || !strings.Contains(res.Summary, tt.path+":2") {
					t.Errorf("summary does not list the waived finding:\n%s", res.Summary)
				}
			}
			if res.Conclusion != wantConclusion || res.Title != tt.wantTitle {
				t.Errorf("got %s %q, want %s %q", res.Conclusion, res.Title, wantConclusion, tt.wantTitle)
			}
		})
	}
}

func TestDisabled(t *testing.T) {
	tok := newGen(7).githubClassic()
	res := mustRun(t, finalOnly(added("a.txt", tok)), policy(func(s *config.Secrets) { s.Enabled = false }))
	if res.Conclusion != checks.Neutral || res.Check != "secrets" || len(res.Findings) != 0 {
		t.Errorf("got %+v", res)
	}
}

func TestCustomRules(t *testing.T) {
	g := newGen(8)
	internal := "acme" + "_live_" + g.str(base62, 32)
	rule := config.SecretRule{ID: "acme-api-key", Description: "ACME internal API key", Regex: `\b(acme_live_[A-Za-z0-9]{32})\b`, Keywords: []string{"ACME_live_"}}

	t.Run("a repository rule finds its secret", func(t *testing.T) {
		res := mustRun(t, finalOnly(added("svc/conf.ini", "[acme]\nkey = "+internal)), policy(func(s *config.Secrets) { s.Rules = []config.SecretRule{rule} }))
		at := findingsAt(res, "svc/conf.ini", 2)
		if len(at) != 1 || at[0].RuleID != "acme-api-key" || at[0].Title != "ACME internal API key" {
			t.Fatalf("got:\n%s", describe(res.Findings))
		}
		if at[0].Fingerprint != Fingerprint("acme-api-key", internal) {
			t.Errorf("fingerprint %q", at[0].Fingerprint)
		}
	})

	t.Run("the detector is built once per rule set", func(t *testing.T) {
		c := newCheck(t)
		p := policy(func(s *config.Secrets) { s.Rules = []config.SecretRule{rule} })
		a, err := c.engines.forRules(p.Secrets.Rules)
		if err != nil {
			t.Fatal(err)
		}
		moved := rule
		moved.Line = 42 // the same rule elsewhere in the file
		b, err := c.engines.forRules([]config.SecretRule{moved})
		if err != nil {
			t.Fatal(err)
		}
		other, err := c.engines.forRules([]config.SecretRule{{ID: "other", Regex: `other_[0-9]{20}`}})
		if err != nil {
			t.Fatal(err)
		}
		if a != b || a == other || a == c.engines.base {
			t.Errorf("cache: same rules gave different engines or different rules the same one")
		}
	})
}

func TestBadRulesAreErrorsNamingTheRule(t *testing.T) {
	tests := []struct {
		name    string
		rule    config.SecretRule
		wantErr string
	}{
		{"unbalanced group", config.SecretRule{ID: "broken-paren", Regex: `(abc`}, "broken-paren"},
		{"bad repetition", config.SecretRule{ID: "broken-repeat", Regex: `a**`}, "broken-repeat"},
		{"backreference", config.SecretRule{ID: "no-backrefs", Regex: `(a)\1`}, "no-backrefs"},
		{"lookahead", config.SecretRule{ID: "no-lookahead", Regex: `foo(?=bar)`}, "no-lookahead"},
		{"matches everything", config.SecretRule{ID: "too-wide", Regex: `x*`}, "matches the empty string"},
		{"secret group out of range", config.SecretRule{ID: "bad-group", Regex: `k_([a-z]{10})`, SecretGroup: 2}, "bad-group"},
		{"missing id", config.SecretRule{Regex: `k_[a-z]{10}`, Line: 12}, "secrets.rules[0] (line 12): id is missing"},
		{"missing regex", config.SecretRule{ID: "empty"}, "regex is missing"},
		{"empty keyword", config.SecretRule{ID: "kw", Regex: `k_[a-z]{10}`, Keywords: []string{" "}}, "keywords"},
		{"clashes with a built-in rule", config.SecretRule{ID: "github-pat", Regex: `k_[a-z]{10}`}, "built-in"},
		{"negative entropy", config.SecretRule{ID: "neg", Regex: `k_[a-z]{10}`, Entropy: -1}, "entropy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := ValidateRules([]config.SecretRule{tt.rule})
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantErr) {
				t.Fatalf("ValidateRules = %v, want one error containing %q", errs, tt.wantErr)
			}
			if tt.rule.ID != "" && !strings.Contains(errs[0].Error(), tt.rule.ID) {
				t.Errorf("error %q does not name rule %q", errs[0], tt.rule.ID)
			}
			// The check refuses to run rather than panic or ignore the rule.
			_, err := run(t, newCheck(t), finalOnly(added("a.txt", "x")), policy(func(s *config.Secrets) { s.Rules = []config.SecretRule{tt.rule} }), nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Run err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}

	t.Run("duplicate ids and several errors at once", func(t *testing.T) {
		errs := ValidateRules([]config.SecretRule{
			{ID: "dup", Regex: `a_[0-9]{8}`}, {ID: "dup", Regex: `b_[0-9]{8}`}, {ID: "bad", Regex: `[`},
		})
		if len(errs) != 2 || !strings.Contains(errs[0].Error(), `"dup"`) || !strings.Contains(errs[1].Error(), `"bad"`) {
			t.Errorf("got %v", errs)
		}
	})

	t.Run("valid rules", func(t *testing.T) {
		if errs := ValidateRules([]config.SecretRule{{ID: "ok", Regex: `ok_([a-z0-9]{16})`, SecretGroup: 1, Entropy: 3, Keywords: []string{"ok_"}}}); len(errs) != 0 {
			t.Errorf("got %v", errs)
		}
	})
}

func TestInvalidAllowPathIsAnError(t *testing.T) {
	// config.Parse refuses such a policy; one built otherwise is refused
	// too, rather than scanned with a waiver that says nothing of its typo.
	var paths config.Globs
	if err := yaml.Unmarshal([]byte(`["src/[a-"]`), &paths); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, newCheck(t), finalOnly(added("a.txt", "x")), policy(func(s *config.Secrets) { s.Allow.Paths = paths }), nil)
	if err == nil || !strings.Contains(err.Error(), "src/[a-") {
		t.Errorf("err = %v", err)
	}
}

func TestMarkerOnOneCopyDoesNotWaiveAnother(t *testing.T) {
	tok := newGen(17).githubClassic()
	res := mustRun(t, finalOnly(added("a.go", "a := \""+tok+"\" // gatehouse:allow\nb := \""+tok+"\"")), nil)
	if len(res.Blocking()) != 1 {
		t.Errorf("want the unmarked copy to block:\n%s", describe(res.Findings))
	}
}
