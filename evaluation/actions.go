package evaluation

import (
	"context"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// carryOut performs a decision's actions on pull request number: the audit
// records and notifications first, then the label and comment writes, best
// effort (a failed write is logged, never fatal: the gate's run says what
// matters). It returns the notes for the gate's summary.
func carryOut(ctx context.Context, g githubio.Publisher, rec *recorder, number int, a infosec.Actions) []string {
	rec.apply(ctx, a)
	logger := zerolog.Ctx(ctx)
	for _, l := range a.RemoveLabels {
		if err := g.RemoveLabel(ctx, number, l); err != nil {
			logger.Warn().Err(err).Str("label", l).Msg("could not remove a label")
		}
	}
	for _, l := range a.AddLabels {
		if err := g.AddLabel(ctx, number, l); err != nil {
			logger.Warn().Err(err).Str("label", l).Msg("could not add a label")
		}
	}
	for _, c := range a.Comments {
		if _, err := g.CreateComment(ctx, number, c); err != nil {
			logger.Warn().Err(err).Msg("could not comment on the pull request")
		}
	}
	return a.Notes
}
