package handlers

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/infosec"
)

// carryOut performs a decision's actions on pull request number: the audit
// records and notifications first, then the label and comment writes, best
// effort (a failed write is logged, never fatal: the gate's run says what
// matters). It returns the notes for the gate's summary.
func carryOut(ctx context.Context, g *gitHub, rec *recorder, number int, a infosec.Actions) []string {
	rec.apply(ctx, a)
	logger := zerolog.Ctx(ctx)
	for _, l := range a.RemoveLabels {
		if _, err := g.client.Issues.RemoveLabelForIssue(ctx, g.owner, g.repo, number, l); err != nil {
			logger.Warn().Err(err).Str("label", l).Msg("could not remove a label")
		}
	}
	for _, l := range a.AddLabels {
		if err := g.addLabel(ctx, number, l); err != nil {
			logger.Warn().Err(err).Str("label", l).Msg("could not add a label")
		}
	}
	for _, c := range a.Comments {
		if _, _, err := g.client.Issues.CreateComment(ctx, g.owner, g.repo, number, &github.IssueComment{Body: github.String(c)}); err != nil {
			logger.Warn().Err(err).Msg("could not comment on the pull request")
		}
	}
	return a.Notes
}
