package deps

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/denylist"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Rule ids of the findings this check reports.
const (
	RuleAdvisory          = "vulnerable-dependency"
	RuleMalware           = "malicious-package"
	RuleAdvisoriesDown    = "advisory-database-unavailable"
	RuleParseError        = "manifest-parse-error"
	RuleDeniedPackage     = "denied-package"
	RuleInvalidDeny       = "invalid-deny-pattern"
	RuleLicenseDenied     = "license-denied"
	RuleLicenseNotAllowed = "license-not-allowed"
	RuleLicenseUnknown    = "license-unknown"
	RuleInstallScript     = "install-script"
	RuleSource            = "non-registry-source"
	RuleTyposquat         = "typosquat"
	RuleUnpinnedAction    = "unpinned-action"
)

// evaluation is one run of the check over one change set.
type evaluation struct {
	check       *Check
	policy      config.Dependencies
	now         time.Time
	units       []*unit
	advisoryErr error
	findings    []checks.Finding
	needs       []checks.ApprovalNeed
	notes       []string
	expired     []string
}

func itoa(n int) string { return strconv.Itoa(n) }

func fingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

func (ev *evaluation) add(f checks.Finding) {
	f.Check = Name
	if len(f.Title) > 255 {
		f.Title = f.Title[:252] + "..."
	}
	if f.StartLine > 0 && f.EndLine == 0 {
		f.EndLine = f.StartLine
	}
	ev.findings = append(ev.findings, f)
}

// onPackage builds a finding located at the package's line in the head file.
func onPackage(c *change, rule string, level checks.Level, title, msg string, extra ...string) checks.Finding {
	return checks.Finding{RuleID: rule, Level: level, Title: title, Message: msg, Path: c.unit.path,
		StartLine: c.to.Line, Fingerprint: fingerprint(append([]string{rule, c.unit.path, c.to.Name, c.to.Version}, extra...)...)}
}

// findParseErrors reports files that could not be read: at head a failure
// (the check cannot vouch for what it could not read), at base a warning,
// since every head dependency is then judged as new.
func (ev *evaluation) findParseErrors() {
	for _, u := range ev.units {
		if u.headErr != nil {
			ev.add(checks.Finding{RuleID: RuleParseError, Level: checks.LevelFailure, Path: u.path,
				Title:       "Could not parse " + u.path,
				Message:     fmt.Sprintf("%s could not be parsed as %s: %v. Its dependencies could not be checked; fix the file (regenerate it with its tool).", u.path, u.kind, u.headErr),
				Fingerprint: fingerprint(RuleParseError, u.path)})
			u.changes = nil
		}
		if u.baseErr != nil && u.headErr == nil {
			ev.add(checks.Finding{RuleID: RuleParseError, Level: checks.LevelWarning, Path: u.path,
				Title:       "Could not parse the base version of " + u.basePath,
				Message:     fmt.Sprintf("The base version of %s could not be parsed (%v); every dependency it lists is treated as new.", u.basePath, u.baseErr),
				Fingerprint: fingerprint(RuleParseError, u.path, "base")})
		}
	}
}

// applyPolicy turns changes into findings and approval needs.
func (ev *evaluation) applyPolicy() {
	pol := ev.policy
	threshold, failNone := osv.High, false
	if strings.EqualFold(pol.FailOnSeverity, "none") {
		failNone = true
	} else if l, ok := osv.ParseLevel(pol.FailOnSeverity); ok {
		threshold = l
	}
	if ev.advisoryErr != nil {
		ev.add(checks.Finding{RuleID: RuleAdvisoriesDown, Level: checks.LevelFailure,
			Title:       "Advisory database unavailable",
			Message:     fmt.Sprintf("New dependency versions could not be checked for known vulnerabilities: %s failed (%v). Gatehouse fails closed; re-run the check.", ev.check.sourceLabel, ev.advisoryErr),
			Fingerprint: fingerprint(RuleAdvisoriesDown)})
	}
	var denies []*denylist.Pattern
	for _, s := range pol.DenyPackages {
		d, err := denylist.Parse(s)
		if err != nil {
			ev.add(checks.Finding{RuleID: RuleInvalidDeny, Level: checks.LevelFailure, Title: "Invalid deny_packages entry",
				Message: err.Error(), Fingerprint: fingerprint(RuleInvalidDeny, s)})
			continue
		}
		denies = append(denies, d)
	}
	for _, u := range ev.units {
		for _, c := range u.changes {
			if !c.isNewAtHead() {
				continue
			}
			for _, a := range c.advisories {
				ev.advisoryFinding(c, a, threshold, failNone)
			}
			for _, d := range denies {
				if d.Matches(c.to.Ecosystem, c.to.Name, c.to.Version, c.to.Range) {
					ev.add(onPackage(c, RuleDeniedPackage, checks.LevelFailure,
						fmt.Sprintf("%s %s is denied by policy", c.to.Name, c.to.Version),
						fmt.Sprintf("%s %s matches `%s` in dependencies.deny_packages; remove it or ask InfoSec to change the policy.", c.to.Name, c.to.Version, d.Raw), d.Raw))
					break
				}
			}
			ev.licenseFindings(c)
			ev.riskFindings(c)
		}
	}
	checks.SortFindings(ev.findings)
}

func (ev *evaluation) advisoryFinding(c *change, a *advisory, threshold osv.Level, failNone bool) {
	level := checks.LevelWarning
	effective := a.level
	if effective == osv.Unknown {
		effective = osv.High // an unrated advisory is not assumed harmless
	}
	if a.malicious || (!failNone && effective >= threshold) {
		level = checks.LevelFailure
	}
	rule := RuleAdvisory
	if a.malicious {
		rule = RuleMalware
	}
	var msg strings.Builder
	if a.malicious {
		fmt.Fprintf(&msg, "%s %s is reported as malicious (%s). Remove it and treat machines that installed it as compromised.", c.to.Name, c.to.Version, a.primary())
	} else {
		fmt.Fprintf(&msg, "%s %s is affected by %s", c.to.Name, c.to.Version, a.primary())
		if a.summary != "" {
			fmt.Fprintf(&msg, ": %s", a.summary)
		}
		fmt.Fprintf(&msg, ". Severity: %s.", a.severityLabel())
		if a.level == osv.Unknown {
			msg.WriteString(" No database rated it, so it is treated as high.")
		}
		if a.fixed != "" {
			fmt.Fprintf(&msg, " Fixed in %s.", a.fixed)
		} else {
			msg.WriteString(" No fixed version is known.")
		}
	}
	if len(a.ids) > 1 {
		fmt.Fprintf(&msg, " Aliases: %s.", strings.Join(a.ids[1:], ", "))
	}
	fmt.Fprintf(&msg, " %s", a.link())
	f := onPackage(c, rule, level, fmt.Sprintf("%s %s: %s (%s)", c.to.Name, c.to.Version, a.primary(), a.severityLabel()), "", a.primary())
	for _, entry := range ev.policy.AllowAdvisories {
		if !containsFold(a.ids, strings.TrimSpace(entry.ID)) {
			continue
		}
		if a.malicious {
			msg.WriteString(" Malware cannot be allow-listed; the allow_advisories entry is ignored.")
			break
		}
		if entry.Active(ev.now) {
			f.Waived = "allowed by dependencies.allow_advisories"
			if entry.Reason != "" {
				f.Waived += ": " + entry.Reason
			}
			if entry.Expires != "" {
				f.Waived += " (until " + entry.Expires + ")"
			}
			break
		}
		fmt.Fprintf(&msg, " The allow_advisories entry for %s expired on %s and no longer applies.", entry.ID, entry.Expires)
		ev.expired = append(ev.expired, fmt.Sprintf("%s (expired %s)", entry.ID, entry.Expires))
	}
	f.Message = msg.String()
	ev.add(f)
}
