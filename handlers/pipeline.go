package handlers

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
)

// runOfCheck maps a check's name to its run.
var runOfCheck = map[string]string{"secrets": RunSecrets, "dependencies": RunDependencies, "dlp": RunDLP}

// evaluate is steps 2-6 of the pipeline, after the runs exist.
func (e *Evaluator) evaluate(ctx context.Context, g *gitHub, pr *github.PullRequest, runs *runSet, trigger *Trigger) error {
	logger := zerolog.Ctx(ctx)
	in := gate.Input{}
	var cs *checks.ChangeSet
	policy, perr := loadPolicy(ctx, e.loader, g, pr.GetBase().GetRef(), e.cache, e.now())
	if perr != nil {
		in.PolicyError = perr
		in.PolicySource = "`" + pr.GetBase().GetRef() + "` branch (invalid or unreadable)"
		logger.Warn().Err(perr).Bool("audit", true).Str("audit_event", "config_error").Msg("policy invalid or unreadable; gate fails closed")
	} else {
		in.PolicySource = policy.Source
		in.Contact = policy.InfoSec.Contact
		in.Approvals.Required = policy.InfoSec.RequiredApprovals
		var err error
		if cs, err = gatherChangeSet(ctx, g, pr); err != nil {
			return err
		}
		in.Limits = cs.Limits
		if in.PolicyChange, err = policyChange(ctx, cs); err != nil {
			return err
		}
		in.Outcomes = checks.RunAll(ctx, cs, policy, e.checks)
		for _, o := range in.Outcomes {
			var pe *checks.PanicError
			if asPanic(o.Err, &pe) {
				logger.Error().Str("check", pe.Check).Str("stack", string(pe.Stack)).Msg("check panicked")
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		if err := e.infosec(ctx, g, policy, pr, cs, runs, trigger, &in); err != nil {
			return err
		}
	}
	verdict := gate.Decide(in)

	for _, name := range []string{"secrets", "dependencies", "dlp"} {
		out := e.notRunOutput(in)
		if o, ok := outcomeOf(in.Outcomes, name); ok {
			out = checkOutput(o, cs)
		}
		if err := runs.complete(ctx, runOfCheck[name], out); err != nil {
			return err
		}
	}
	if err := runs.complete(ctx, RunGate, gateOutput(verdict, gateState{Override: in.Override})); err != nil {
		return err
	}
	if policy != nil {
		publishInfoSec(ctx, g, policy, pr, verdict, e.bot, e.cache)
	}
	runs.verdict = string(verdict.Conclusion)
	ev := logger.Info().Bool("audit", true).Str("audit_event", "verdict").Str("outcome", string(verdict.Conclusion)).
		Str("title", verdict.Title).Strs("blockers", verdict.Blockers).Int("approval_needs", len(verdict.Needs))
	if cs != nil {
		ev = ev.Str("author", cs.Author).Int("files", len(cs.Files)).Int("commits", len(cs.Commits))
	}
	ev.Msg("gate decided")
	return nil
}

// notRunOutput is a per-check run's output when its check did not run: the
// policy failed to load, or no check of that name is configured.
func (e *Evaluator) notRunOutput(in gate.Input) runOutput {
	if in.PolicyError != nil {
		return runOutput{Conclusion: checks.Failure, Title: "Not run: the policy is invalid",
			Summary: "This check did not run because the repository's policy could not be used:\n\n```\n" + in.PolicyError.Error() + "\n```\n\nFix the policy on the base branch, then re-run."}
	}
	return runOutput{Conclusion: checks.Neutral, Title: "Not configured", Summary: "This Gatehouse server does not run this check."}
}

func outcomeOf(os []checks.Outcome, name string) (checks.Outcome, bool) {
	for _, o := range os {
		if o.Name == name {
			return o, true
		}
	}
	return checks.Outcome{}, false
}
