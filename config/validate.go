package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/github/go-spdx/v2/spdxexp"

	"github.com/gatehouse-sec/gatehouse/checks/deps/denylist"
)

var (
	teamSlugRe  = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*/)?[a-z0-9][a-z0-9._-]*$`)
	loginRe     = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	ruleIDRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	severities  = []string{"low", "moderate", "high", "critical", "none"}
	warnOrFail  = []string{"warn", "fail"}
	binaryModes = []string{"warn", "fail", "ignore"}
)

// validate checks values that YAML types cannot express. Each problem names
// its key; Parse turns the key into a line and column.
func validate(p *Policy) []Problem {
	var out []Problem
	add := func(key, format string, args ...any) {
		out = append(out, Problem{Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if p.Version != 1 {
		add("version", "must be 1 (got %d); it is required so that later formats can be told apart", p.Version)
	}

	if p.InfoSec.Team != "" && !teamSlugRe.MatchString(p.InfoSec.Team) {
		add("infosec.team", "%q is not a team slug (lower-case, e.g. security or app-sec)", p.InfoSec.Team)
	}
	for i, u := range p.InfoSec.Users {
		if !loginRe.MatchString(strings.TrimPrefix(u, "@")) {
			add(fmt.Sprintf("infosec.users[%d]", i), "%q is not a GitHub login", u)
		}
	}
	if p.InfoSec.RequiredApprovals < 1 || p.InfoSec.RequiredApprovals > 10 {
		add("infosec.required_approvals", "must be between 1 and 10 (got %d)", p.InfoSec.RequiredApprovals)
	}
	if strings.TrimSpace(p.InfoSec.Label) == "" {
		add("infosec.label", "must not be empty")
	}
	for _, s := range Sections() {
		s.validate(p, add)
	}
	if strings.TrimSpace(p.Override.Label) == "" {
		add("override.label", "must not be empty")
	}
	return out
}

// validateSecrets checks the secrets section.
func validateSecrets(p *Policy, add adder) {
	for i, g := range p.Secrets.Allow.Paths {
		checkGlob(add, fmt.Sprintf("secrets.allow.paths[%d]", i), g)
	}
	for i, f := range p.Secrets.Allow.Fingerprints {
		if strings.TrimSpace(f) == "" {
			add(fmt.Sprintf("secrets.allow.fingerprints[%d]", i), "must not be empty")
		}
	}
	seen := map[string]bool{}
	for i, r := range p.Secrets.Rules {
		key := fmt.Sprintf("secrets.rules[%d]", i)
		switch {
		case !ruleIDRe.MatchString(r.ID):
			add(key+".id", "rule id %q must be lower-case letters, digits, '.', '_' or '-'", r.ID)
		case seen[r.ID]:
			add(key+".id", "rule id %q is defined twice", r.ID)
		}
		seen[r.ID] = true
		if r.Regex == "" {
			add(key+".regex", "rule %q needs a regex", r.ID)
		} else if re, err := regexp.Compile(r.Regex); err != nil {
			add(key+".regex", "rule %q: invalid regex: %s", r.ID, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		} else if r.SecretGroup < 0 || r.SecretGroup > re.NumSubexp() {
			add(key+".secret_group", "rule %q: the regex has %d groups, secret_group is %d", r.ID, re.NumSubexp(), r.SecretGroup)
		}
		if r.Entropy < 0 || r.Entropy > 8 {
			add(key+".entropy", "rule %q: entropy must be between 0 and 8", r.ID)
		}
	}
}

// validateDependencies checks the dependencies section.
func validateDependencies(p *Policy, add adder) {
	d := p.Dependencies
	if !oneOf(d.FailOnSeverity, severities) {
		add("dependencies.fail_on_severity", "must be one of %s (got %q)", strings.Join(severities, ", "), d.FailOnSeverity)
	}
	for i, a := range d.AllowAdvisories {
		key := fmt.Sprintf("dependencies.allow_advisories[%d]", i)
		if strings.TrimSpace(a.ID) == "" {
			add(key, "needs an advisory id (GHSA-…, CVE-…, or an OSV id)")
		}
		if a.Expires != "" {
			if _, err := time.Parse(time.DateOnly, a.Expires); err != nil {
				add(key+".expires", "%q is not a date (YYYY-MM-DD)", a.Expires)
			}
		}
	}
	for i, s := range d.DenyPackages {
		if err := denylist.Validate(s); err != nil {
			add(fmt.Sprintf("dependencies.deny_packages[%d]", i), "%q is not a package URL pattern (e.g. pkg:npm/event-stream, pkg:npm/@evil/*, pkg:pypi/foo@<2.0): %v", s, err)
		}
	}
	checkLicenses(add, "dependencies.licenses.allow", d.Licenses.Allow)
	checkLicenses(add, "dependencies.licenses.deny", d.Licenses.Deny)
	if len(d.Licenses.Allow) > 0 && len(d.Licenses.Deny) > 0 {
		add("dependencies.licenses", "set either allow or deny, not both: with an allow-list everything else is denied")
	}
	if !oneOf(d.Licenses.Unknown, warnOrFail) {
		add("dependencies.licenses.unknown", "must be warn or fail (got %q)", d.Licenses.Unknown)
	}
	if !oneOf(d.PinActions, warnOrFail) {
		add("dependencies.pin_actions", "must be warn or fail (got %q)", d.PinActions)
	}
	for i, g := range d.Paths {
		checkGlob(add, fmt.Sprintf("dependencies.paths[%d]", i), g)
	}
	for i, g := range d.IgnorePaths {
		checkGlob(add, fmt.Sprintf("dependencies.ignore_paths[%d]", i), g)
	}
}

// validateDLP checks the dlp section.
func validateDLP(p *Policy, add adder) {
	for i, g := range p.DLP.Forbidden {
		checkGlob(add, fmt.Sprintf("dlp.forbidden[%d]", i), g)
	}
	for i, s := range p.DLP.Sensitive {
		key := fmt.Sprintf("dlp.sensitive[%d]", i)
		if len(s.Paths) == 0 {
			add(key, "needs at least one path glob under paths")
		}
		for j, g := range s.Paths {
			checkGlob(add, fmt.Sprintf("%s.paths[%d]", key, j), g)
		}
		if strings.TrimSpace(s.Reason) == "" {
			add(key, "needs a reason: it is shown to the author and to InfoSec")
		}
	}
	if p.DLP.MaxFileSize <= 0 {
		add("dlp.max_file_size", "must be a positive size such as 5MB")
	}
	if !oneOf(p.DLP.Binary, binaryModes) {
		add("dlp.binary", "must be one of warn, fail, ignore (got %q)", p.DLP.Binary)
	}
}

func checkGlob(add func(string, string, ...any), key, g string) {
	if strings.TrimSpace(g) == "" {
		add(key, "empty glob")
	} else if !doublestar.ValidatePattern(g) {
		add(key, "%q is not a valid glob", g)
	}
}

func checkLicenses(add func(string, string, ...any), key string, ids []string) {
	if len(ids) == 0 {
		return
	}
	if ok, bad := spdxexp.ValidateLicenses(ids); !ok {
		add(key, "not SPDX licence ids: %s", strings.Join(bad, ", "))
	}
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}
