package handlers

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/gatehouse-sec/gatehouse/evaluation"
)

// PullRequestReview re-evaluates the gate when a review is submitted or
// dismissed: an InfoSec approval may open it, a dismissal close it again.
type PullRequestReview struct {
	*Base
}

// Handles implements githubapp.EventHandler.
func (h *PullRequestReview) Handles() []string { return []string{"pull_request_review"} }

// Handle implements githubapp.EventHandler.
func (h *PullRequestReview) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	var ev github.PullRequestReviewEvent
	if err := parse(eventType, payload, &ev); err != nil {
		return err
	}
	if a := ev.GetAction(); a != "submitted" && a != "dismissed" {
		return nil
	}
	inst, err := installationID(eventType, ev.GetInstallation())
	if err != nil {
		return err
	}
	number := ev.GetPullRequest().GetNumber()
	ctx, logger := githubapp.PreparePRContext(ctx, inst, ev.GetRepo(), number)
	if h.fromSelf(ev.GetSender()) {
		logger.Debug().Msg("ignoring an event caused by Gatehouse itself")
		return nil
	}
	return h.Evaluator.Evaluate(ctx, evaluation.Target{InstallationID: inst, Owner: ev.GetRepo().GetOwner().GetLogin(),
		Repo: ev.GetRepo().GetName(), Number: number, HeadSHA: ev.GetPullRequest().GetHead().GetSHA(), DeliveryID: deliveryID})
}

var _ githubapp.EventHandler = &PullRequestReview{}
