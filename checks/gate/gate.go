// Package gate decides the `gatehouse` check run: it combines every check's
// outcome with the policy's state, the limits hit, InfoSec approvals and a
// break-glass override into one conclusion. It is pure: no GitHub, no clock.
package gate

import (
	"github.com/gatehouse-sec/gatehouse/checks"
)

// Input is everything the gate weighs.
type Input struct {
	// Outcomes of the checks, in display order.
	Outcomes []checks.Outcome
	// PolicySource says which policy governed ("built-in defaults", a file).
	PolicySource string
	// PolicyError is set when the governing policy could not be loaded or is
	// invalid; the checks did not run and the gate fails.
	PolicyError error
	// PolicyChange is set when the pull request edits the policy file.
	PolicyChange *PolicyChange
	// Limits hit while gathering the change set; each fails the gate.
	Limits []string
	// Approvals is the InfoSec review state.
	Approvals Approvals
	// Override, when set, is a valid break-glass override for this head SHA.
	Override *Override
	// Contact is infosec.contact, shown on every summary.
	Contact string
	// Notes are extra lines for the summary (e.g. reviewer-request problems).
	Notes []string
}

// PolicyChange reports a pull request's own edit of the policy file, which
// never governs that pull request but is validated so a broken policy cannot merge.
type PolicyChange struct {
	Path string
	// Removed is true when the pull request deletes the policy file.
	Removed bool
	// Err is the validation error of the new version (nil when valid).
	Err error
}

// Approvals is the InfoSec approval state computed for the head SHA.
type Approvals struct {
	Required int
	// Valid are approvals that count.
	Valid []Approval
	// Stale are approvals a later commit invalidated.
	Stale []Approval
	// Rejected are approvals that do not count, with why (not InfoSec, author).
	Rejected []Approval
}

// Approval is one review by one user.
type Approval struct {
	Login  string
	Commit string
	// Why explains a stale or rejected approval.
	Why string
}

// Override is a break-glass override by an InfoSec member.
type Override struct {
	Actor  string
	Reason string
	// Via is "label" or "comment".
	Via string
}

// Verdict is the gate's decision.
type Verdict struct {
	Conclusion checks.Conclusion
	Title      string
	Summary    string
	// Needs are the reasons InfoSec approval is needed (empty when none).
	Needs []checks.ApprovalNeed
	// Blockers are the one-line reasons the gate fails, for logs and audit.
	Blockers []string
	// Approved is true when enough valid InfoSec approvals are present.
	Approved bool
}

// Decide weighs the input. The gate never concludes neutral or skipped (GitHub
// counts both as passing): failure when something must be fixed,
// action_required when only InfoSec approval is missing, success otherwise.
func Decide(in Input) Verdict {
	var v Verdict
	if in.PolicyError != nil {
		v.Blockers = append(v.Blockers, "the policy is invalid or could not be read: "+in.PolicyError.Error())
	}
	for _, l := range in.Limits {
		v.Blockers = append(v.Blockers, "limit reached: "+l)
	}
	for _, o := range in.Outcomes {
		switch {
		case o.Err != nil:
			v.Blockers = append(v.Blockers, "the "+o.Name+" check could not finish: "+o.Err.Error())
		case o.Result != nil && o.Result.Conclusion == checks.Failure:
			v.Blockers = append(v.Blockers, o.Name+": "+o.Result.Title)
		}
		if o.Result != nil {
			v.Needs = append(v.Needs, o.Result.Needs...)
		}
	}
	if pc := in.PolicyChange; pc != nil && pc.Err != nil {
		v.Blockers = append(v.Blockers, "the pull request's new "+pc.Path+" is invalid; merging it would break the policy of every later pull request")
	}
	required := in.Approvals.Required
	if required < 1 {
		required = 1
	}
	v.Approved = len(in.Approvals.Valid) >= required
	switch {
	case in.Override != nil:
		v.Conclusion = checks.Success
		v.Title = "Overridden by @" + in.Override.Actor
	case len(v.Blockers) > 0:
		v.Conclusion = checks.Failure
		v.Title = failureTitle(v.Blockers, len(v.Needs) > 0 && !v.Approved)
	case len(v.Needs) > 0 && !v.Approved:
		v.Conclusion = checks.ActionRequired
		v.Title = "Needs InfoSec approval"
	default:
		v.Conclusion = checks.Success
		v.Title = "All security checks passed"
		if len(v.Needs) > 0 {
			v.Title = "Approved by InfoSec"
		}
	}
	v.Summary = render(in, v)
	return v
}

func failureTitle(blockers []string, needsApproval bool) string {
	t := "Blocked: " + blockers[0]
	if len(blockers) > 1 {
		t = "Blocked by " + itoa(len(blockers)) + " problems"
	}
	if needsApproval {
		t += "; also needs InfoSec approval"
	}
	return Truncate(t, 200)
}
