package checks

import (
	"context"

	"github.com/gatehouse-sec/gatehouse/config"
)

// Conclusion is how a check run concludes.
type Conclusion string

// Conclusions a check can reach. The gate itself never concludes neutral.
const (
	Success        Conclusion = "success"
	Failure        Conclusion = "failure"
	Neutral        Conclusion = "neutral"
	ActionRequired Conclusion = "action_required"
)

// Result is what one check reports for a change set.
type Result struct {
	// Check is the engine's name: "secrets", "dependencies", "dlp".
	Check string
	// Conclusion of the check's own run: success, failure, or neutral when disabled.
	Conclusion Conclusion
	// Title is the one-line outcome shown next to the run's name.
	Title string
	// Summary is Markdown for the run's summary; the publisher truncates it.
	Summary string
	// Findings, waived ones included, sorted.
	Findings []Finding
	// Needs are reasons InfoSec must approve, even when nothing fails.
	Needs []ApprovalNeed
	// Dependencies lists what the dependency check compared; nil for other checks.
	Dependencies *DependencyReport
	// Alert, when set, is sent to InfoSec when this result is published.
	Alert *Alert
	// Unfinished, when set, says why the result is incomplete for a reason a
	// retry may cure (a service it needs was unreachable): the check fails
	// closed meanwhile, and Gatehouse evaluates again later.
	Unfinished string
}

// Blocking returns the findings that fail the check.
func (r *Result) Blocking() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Blocking() {
			out = append(out, f)
		}
	}
	return out
}

// Check is an analysis engine: a pure function of a change set and a policy.
// It returns an error only when it could not decide (then the gate fails closed).
type Check interface {
	Name() string
	Run(ctx context.Context, cs *ChangeSet, p *config.Policy) (*Result, error)
}

// Disabled is the result of a check the policy turned off.
func Disabled(name string) *Result {
	return &Result{Check: name, Conclusion: Neutral, Title: "Disabled by policy",
		Summary: "This check is disabled by `" + name + ".enabled: false` in the policy."}
}

// Alert is what InfoSec must hear about at once (a leaked secret, a
// forbidden file), sent when the check's run gets a new result. It names
// rules and paths, never a secret value.
type Alert struct {
	// Kind is the notification's kind (notify.KindSecretFound, …).
	Kind string
	// What is one line saying what happened.
	What string
}

// BlockingRulesAndPaths returns the distinct rule ids and paths of the
// blocking findings for which keep is true (nil: all), in finding order.
func (r *Result) BlockingRulesAndPaths(keep func(Finding) bool) (rules, paths []string) {
	seenRule, seenPath := map[string]bool{}, map[string]bool{}
	for _, f := range r.Blocking() {
		if keep != nil && !keep(f) {
			continue
		}
		if !seenRule[f.RuleID] {
			seenRule[f.RuleID] = true
			rules = append(rules, f.RuleID)
		}
		if f.Path != "" && !seenPath[f.Path] {
			seenPath[f.Path] = true
			paths = append(paths, f.Path)
		}
	}
	return rules, paths
}
