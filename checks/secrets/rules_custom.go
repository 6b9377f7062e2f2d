package secrets

import (
	"errors"
	"fmt"
	stdregexp "regexp"
	"strings"

	"github.com/gatehouse-sec/gatehouse/config"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	glregexp "github.com/zricethezav/gitleaks/v8/regexp"
)

// maxRuleIDLen bounds a rule id, which ends up in fingerprints and titles.
const maxRuleIDLen = 100

var ruleIDPattern = stdregexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// compileRegex compiles with gitleaks' regexp package (go-re2 under the
// gore2regex tag, the standard library otherwise), whose only constructor
// panics on a bad pattern. The standard library parses it first for a clean
// message; recover catches what only the other engine rejects.
func compileRegex(pattern string) (re *glregexp.Regexp, err error) {
	if _, err := stdregexp.Compile(pattern); err != nil {
		return nil, fmt.Errorf("invalid regex: %w", err)
	}
	defer func() {
		if r := recover(); r != nil {
			re, err = nil, fmt.Errorf("invalid regex: %v", r)
		}
	}()
	return glregexp.MustCompile(pattern), nil
}

// ValidateRules checks a policy's extra secret rules the way the engine will
// use them. Each error names the rule (its id, or its position when the id is
// missing) and, when known, its line in .security.yml.
func ValidateRules(rules []config.SecretRule) []error {
	_, errs := buildCustomRules(rules)
	return errs
}

// buildCustomRules compiles a policy's rules into gitleaks rules.
func buildCustomRules(rules []config.SecretRule) (map[string]gconfig.Rule, []error) {
	builtin, _, err := loadDefaults()
	if err != nil {
		return nil, []error{err}
	}
	out := make(map[string]gconfig.Rule, len(rules))
	var errs []error
	for i, sr := range rules {
		r, err := buildCustomRule(sr)
		if err == nil {
			switch {
			case builtin[sr.ID].Regex != nil || isExtraRule(sr.ID):
				err = fmt.Errorf("id clashes with a built-in rule; choose another id")
			case out[sr.ID].RuleID != "":
				err = fmt.Errorf("id is used by another rule of the policy")
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ruleName(i, sr), err))
			continue
		}
		out[sr.ID] = r
	}
	return out, errs
}

func buildCustomRule(sr config.SecretRule) (gconfig.Rule, error) {
	switch {
	case strings.TrimSpace(sr.ID) == "":
		return gconfig.Rule{}, errors.New("id is missing")
	case len(sr.ID) > maxRuleIDLen || !ruleIDPattern.MatchString(sr.ID):
		return gconfig.Rule{}, fmt.Errorf("id must be at most %d letters, digits, '.', '_' or '-'", maxRuleIDLen)
	case sr.Regex == "":
		return gconfig.Rule{}, errors.New("regex is missing")
	case sr.Entropy < 0 || sr.Entropy > 8:
		return gconfig.Rule{}, fmt.Errorf("entropy %g is outside 0..8 (bits per character)", sr.Entropy)
	case sr.SecretGroup < 0:
		return gconfig.Rule{}, fmt.Errorf("secret_group %d is negative", sr.SecretGroup)
	}
	re, err := compileRegex(sr.Regex)
	if err != nil {
		return gconfig.Rule{}, err
	}
	if re.MatchString("") {
		return gconfig.Rule{}, errors.New("regex matches the empty string, so it would match everywhere")
	}
	if sr.SecretGroup > re.NumSubexp() {
		return gconfig.Rule{}, fmt.Errorf("secret_group %d but the regex has %d groups", sr.SecretGroup, re.NumSubexp())
	}
	keywords := make([]string, 0, len(sr.Keywords))
	for _, k := range sr.Keywords {
		if strings.TrimSpace(k) == "" {
			return gconfig.Rule{}, errors.New("keywords has an empty entry, which would match everywhere")
		}
		// gitleaks matches keywords against lower-cased text.
		keywords = append(keywords, strings.ToLower(k))
	}
	desc := sr.Description
	if desc == "" {
		desc = "Secret matching the repository's rule " + sr.ID
	}
	r := gconfig.Rule{
		RuleID:      sr.ID,
		Description: desc,
		Regex:       re,
		SecretGroup: sr.SecretGroup,
		Entropy:     sr.Entropy,
		Keywords:    keywords,
	}
	if err := r.Validate(); err != nil {
		return gconfig.Rule{}, err
	}
	return r, nil
}

func ruleName(i int, sr config.SecretRule) string {
	name := fmt.Sprintf("secrets.rules[%d]", i)
	if sr.ID != "" {
		name += fmt.Sprintf(" %q", sr.ID)
	}
	if sr.Line > 0 {
		name += fmt.Sprintf(" (line %d)", sr.Line)
	}
	return name
}
