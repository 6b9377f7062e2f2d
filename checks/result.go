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
