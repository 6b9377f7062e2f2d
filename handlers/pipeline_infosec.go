package handlers

import (
	"context"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// infosec fills the gate input's InfoSec part: approvals, the override, and
// the review request, made at once even when the gate also fails for other
// reasons, so InfoSec hears early.
func (e *Evaluator) infosec(ctx context.Context, g *gitHub, p *config.Policy, pr *github.PullRequest, cs *checks.ChangeSet, runs *runSet, t *Trigger, in *gate.Input) error {
	var needs []checks.ApprovalNeed
	for _, o := range in.Outcomes {
		if o.Result != nil {
			needs = append(needs, o.Result.Needs...)
		}
	}
	a, notes, err := approvals(ctx, g, p, cs, needs)
	if err != nil {
		return err
	}
	in.Approvals = a
	in.Notes = append(in.Notes, notes...)
	in.Override = resolveOverride(ctx, g, p, pr, runs.prevState.Override, t)
	if in.Override == nil && hasLabel(pr, p.Override.Label) && (t == nil || t.Kind != "labeled") {
		// The label outlived the commit it was applied to: an override covers one head SHA.
		if _, err := g.client.Issues.RemoveLabelForIssue(ctx, g.owner, g.repo, pr.GetNumber(), p.Override.Label); err != nil {
			zerolog.Ctx(ctx).Warn().Err(err).Msg("could not remove a stale override label")
		}
		in.Notes = append(in.Notes, "The `"+p.Override.Label+"` label was removed: an override covers only the commit it was given for. An InfoSec member can apply it again.")
	}
	if len(needs) > 0 && len(a.Valid) < max(a.Required, 1) {
		in.Notes = append(in.Notes, requestInfoSec(ctx, g, p, pr, e.bot)...)
	}
	return nil
}

func hasLabel(pr *github.PullRequest, name string) bool {
	for _, l := range pr.Labels {
		if strings.EqualFold(l.GetName(), name) {
			return true
		}
	}
	return false
}
