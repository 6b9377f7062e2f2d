package evaluation

import (
	"context"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/githubio"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// runPipeline is steps 2-6 of the pipeline, after the runs exist.
func (e *Evaluator) runPipeline(ctx context.Context, g githubio.GitHub, rec *recorder, pr *github.PullRequest, runs *runSet, trigger *Trigger) error {
	logger := zerolog.Ctx(ctx)
	in := gate.Input{}
	var cs *checks.ChangeSet
	policy, perr := loadPolicy(ctx, g, pr.GetBase().GetRef(), e.now)
	if perr != nil {
		in.PolicyError = perr
		in.PolicySource = "`" + pr.GetBase().GetRef() + "` branch (invalid or unreadable)"
		logger.Warn().Err(perr).Msg("policy invalid or unreadable; gate fails closed")
		rec.record(ctx, audit.KindConfigError, "", "failure", perr.Error(), map[string]string{"base": pr.GetBase().GetRef()})
	} else {
		var err error
		if cs, err = gatherChangeSet(ctx, g, pr); err != nil {
			return err
		}
		if in, err = Assess(ctx, Change{Set: cs, Policy: policy, PolicySource: policy.Source}, e.checks); err != nil {
			return err
		}
		if err := e.infosec(ctx, g, rec, policy, pr, cs, runs, trigger, &in); err != nil {
			return err
		}
	}
	verdict := gate.Decide(in)
	unfinished := unfinishedChecks(in.Outcomes)

	for _, c := range e.checks {
		name := c.Name()
		out := e.notRunOutput(in)
		if o, ok := outcomeOf(in.Outcomes, name); ok {
			switch {
			case o.Err != nil:
				out = runOutput{Conclusion: checks.Failure, Title: "Could not finish",
					Summary: couldNotFinish(ctx, o.Err.Error()) + " The gate stays closed until this check completes."}
			default:
				out = checkOutput(o.Result, cs)
				if why := unfinishedReason(o); why != "" {
					out.Summary = truncateSummary(couldNotFinish(ctx, why) + "\n\n" + out.Summary)
				}
			}
		}
		if err := runs.complete(ctx, RunName(name), out); err != nil {
			return err
		}
	}
	gateOut := gateOutput(verdict, gateState{Override: in.Override})
	if len(unfinished) > 0 {
		gateOut.Summary = truncateSummary(couldNotFinish(ctx, strings.Join(unfinished, "; ")) + "\n\n" + gateOut.Summary)
	}
	if err := runs.complete(ctx, RunGate, gateOut); err != nil {
		return err
	}
	if policy != nil {
		publishInfoSec(ctx, g, rec, policy, pr, verdict, e.bot, e.cache)
	}
	runs.verdict = string(verdict.Conclusion)
	details := map[string]string{"title": verdict.Title, "approval_needs": strconv.Itoa(len(verdict.Needs))}
	if cs != nil {
		details["files"], details["commits"] = strconv.Itoa(len(cs.Files)), strconv.Itoa(len(cs.Commits))
	}
	if in.Override != nil {
		details["override_by"] = in.Override.Actor
	}
	rec.record(ctx, audit.KindVerdict, pr.GetUser().GetLogin(), string(verdict.Conclusion), strings.Join(verdict.Blockers, "; "), details)
	e.notifyFindings(ctx, rec, pr, runs, in)
	if len(unfinished) > 0 {
		return &publishedError{reasons: unfinished}
	}
	return nil
}

// unfinishedChecks names the checks that could not reach a service they
// need (GitHub, OSV): worth an automatic retry. A panic is a bug, which a
// retry would only repeat.
func unfinishedChecks(outcomes []checks.Outcome) []string {
	var out []string
	for _, o := range outcomes {
		if why := unfinishedReason(o); why != "" {
			out = append(out, "the "+o.Name+" check: "+why)
		}
	}
	return out
}

// unfinishedReason says why a check's outcome is incomplete for a reason a
// retry may cure: an error, or what its result says (OSV or deps.dev
// unreachable, which the dependencies check reports failing closed).
func unfinishedReason(o checks.Outcome) string {
	var pe *checks.PanicError
	if o.Err != nil {
		if asPanic(o.Err, &pe) {
			return ""
		}
		return o.Err.Error()
	}
	if o.Result == nil {
		return ""
	}
	return o.Result.Unfinished
}

// notifyFindings tells InfoSec about what security teams must act on at once:
// what a check's result asks to alert about (leaked secrets, forbidden
// files), a broken policy on the default branch. It fires only when the
// run's result changed, so re-runs do not repeat it.
func (e *Evaluator) notifyFindings(ctx context.Context, rec *recorder, pr *github.PullRequest, runs *runSet, in gate.Input) {
	author := pr.GetUser().GetLogin()
	if in.PolicyError != nil && runs.changed[RunGate] && pr.GetBase().GetRef() == pr.GetBase().GetRepo().GetDefaultBranch() {
		rec.notify(ctx, notify.KindConfigError, author, "The security policy on the default branch is invalid; every pull request fails until it is fixed.")
	}
	for _, o := range in.Outcomes {
		if o.Result != nil && o.Result.Alert != nil && runs.changed[RunName(o.Name)] {
			rec.notify(ctx, o.Result.Alert.Kind, author, o.Result.Alert.What)
		}
	}
}

// notRunOutput is a per-check run's output when its check did not run: the
// policy failed to load, or (which the registry should make impossible) the
// check has no outcome. A required run must never pass for a check that did
// not look at the change, so both fail.
func (e *Evaluator) notRunOutput(in gate.Input) runOutput {
	if in.PolicyError != nil {
		return runOutput{Conclusion: checks.Failure, Title: "Not run: the policy is invalid",
			Summary: "This check did not run because the repository's policy could not be used:\n\n```\n" + in.PolicyError.Error() + "\n```\n\nFix the policy on the base branch, then re-run."}
	}
	return runOutput{Conclusion: checks.Failure, Title: "Not run", Summary: "This check did not run on this commit, so it cannot pass. Re-run the check; if it persists, the Gatehouse server's logs say why."}
}

func outcomeOf(os []checks.Outcome, name string) (checks.Outcome, bool) {
	for _, o := range os {
		if o.Name == name {
			return o, true
		}
	}
	return checks.Outcome{}, false
}
