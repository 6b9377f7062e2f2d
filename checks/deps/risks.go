package deps

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
)

// licenseFindings judges the licence of a package version the pull request
// introduces, when the policy has a licence rule.
func (ev *evaluation) licenseFindings(c *change) {
	lp := ev.policy.Licenses
	if c.to.Range || c.to.Ecosystem == manifest.Actions {
		return
	}
	failUnknown := strings.EqualFold(lp.Unknown, "fail")
	configured := len(lp.Allow) > 0 || len(lp.Deny) > 0 || failUnknown
	if !configured {
		return
	}
	lic := c.license
	switch licenseVerdict(lic, lp.Allow, lp.Deny) {
	case "denied":
		ev.add(onPackage(c, RuleLicenseDenied, checks.LevelFailure,
			fmt.Sprintf("%s %s: licence %s is denied", c.to.Name, c.to.Version, lic),
			fmt.Sprintf("%s %s is licensed %s, which dependencies.licenses.deny does not accept.", c.to.Name, c.to.Version, lic)))
	case "not-allowed":
		ev.add(onPackage(c, RuleLicenseNotAllowed, checks.LevelFailure,
			fmt.Sprintf("%s %s: licence %s is not allowed", c.to.Name, c.to.Version, lic),
			fmt.Sprintf("%s %s is licensed %s, which is not in dependencies.licenses.allow (%s).", c.to.Name, c.to.Version, lic, strings.Join(lp.Allow, ", "))))
	case "unknown":
		level := checks.LevelWarning
		if failUnknown {
			level = checks.LevelFailure
		}
		why := "no licence is recorded"
		if lic != "" {
			why = fmt.Sprintf("%q is not an SPDX expression", lic)
		}
		if c.licenseNote != "" {
			why += " (" + c.licenseNote + ")"
		}
		ev.add(onPackage(c, RuleLicenseUnknown, level,
			fmt.Sprintf("%s %s: unknown licence", c.to.Name, c.to.Version),
			fmt.Sprintf("The licence of %s %s could not be determined: %s. Check it by hand; dependencies.licenses.unknown is %q.", c.to.Name, c.to.Version, why, lp.Unknown)))
	}
}

// riskFindings: install scripts, non-registry sources, typosquats, unpinned
// Actions, and new direct dependencies that need InfoSec.
func (ev *evaluation) riskFindings(c *change) {
	p := c.to
	if p.InstallScript && (c.from == nil || !c.from.InstallScript || c.typ == Added) {
		ev.add(onPackage(c, RuleInstallScript, checks.LevelWarning,
			fmt.Sprintf("%s %s runs an install script", p.Name, p.Version),
			fmt.Sprintf("%s %s declares an install script (hasInstallScript): it runs code on every machine that installs it. Review it, or install with --ignore-scripts.", p.Name, p.Version)))
	}
	if p.Source != manifest.Registry && (c.from == nil || c.sourceMoved) {
		what := map[manifest.SourceKind]string{manifest.Git: "a git repository", manifest.URL: "a URL",
			manifest.Path: "a local path", manifest.Replace: "another module (go.mod replace)"}[p.Source]
		ev.add(onPackage(c, RuleSource, checks.LevelWarning,
			fmt.Sprintf("%s comes from %s", p.Name, what),
			fmt.Sprintf("%s is installed from %s (%s) rather than its registry: it gets no registry integrity guarantees and advisories do not cover it.", p.Name, what, p.SourceRef)))
	}
	if c.newName {
		if t, ok := typosquatOf(p.Ecosystem, p.Name); ok {
			ev.add(onPackage(c, RuleTyposquat, checks.LevelWarning,
				fmt.Sprintf("%s looks like a typo of %s", p.Name, t),
				fmt.Sprintf("%s is one or two characters away from the popular package %s. Typosquatted names are a common way to ship malware; check that %s is the package you meant.", p.Name, t, p.Name), t))
		}
	}
	if p.Ecosystem == manifest.Actions && !manifest.Pinned(p.Version) {
		mode := strings.ToLower(ev.policy.PinActions)
		if mode != "off" && mode != "ignore" {
			level := checks.LevelWarning
			if mode == "fail" {
				level = checks.LevelFailure
			}
			ev.add(onPackage(c, RuleUnpinnedAction, level,
				fmt.Sprintf("%s@%s is not pinned to a commit", p.Name, p.Version),
				fmt.Sprintf("%s is used at %q, a tag or branch its owner can move. Pin it to a full 40-character commit SHA (keep the tag in a comment).", p.Name, p.Version)))
		}
	}
	if ev.policy.ReviewNewDependencies && p.Relation == manifest.Direct && p.Ecosystem != manifest.Actions &&
		c.typ == Added && c.newName && !c.unit.directAtBase(p.Name) {
		ev.needs = append(ev.needs, checks.ApprovalNeed{Kind: "new-dependency", Subject: p.Name + "@" + p.Version,
			Reason: fmt.Sprintf("new direct %s dependency in %s (dependencies.review_new_dependencies)", p.Ecosystem, c.unit.path)})
	}
}
