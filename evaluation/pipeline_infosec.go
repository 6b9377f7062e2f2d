package evaluation

import (
	"context"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// infosec fills the gate input's InfoSec part: approvals, the override, and
// the review request, made at once even when the gate also fails for other
// reasons, so InfoSec hears early.
func (e *Evaluator) infosec(ctx context.Context, g githubio.GitHub, rec *recorder, p *config.Policy, pr *github.PullRequest, cs *checks.ChangeSet, runs *runSet, t *Trigger, in *gate.Input) error {
	var needs []checks.ApprovalNeed
	for _, o := range in.Outcomes {
		if o.Result != nil {
			needs = append(needs, o.Result.Needs...)
		}
	}
	a, notes, err := approvals(ctx, g, rec, p, cs, needs)
	if err != nil {
		return err
	}
	in.Approvals = a
	in.Notes = append(in.Notes, notes...)
	var overrideNotes []string
	in.Override, overrideNotes = resolveOverride(ctx, g, rec, p, pr, runs.prevState.Override, t)
	in.Notes = append(in.Notes, overrideNotes...)
	if infosec.ReviewNeeded(needs, a) {
		in.Notes = append(in.Notes, requestInfoSec(ctx, g, rec, p, pr, e.bot)...)
	}
	return nil
}
