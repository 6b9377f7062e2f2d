package handlers

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// PullRequest evaluates a pull request when its code or its base changes.
type PullRequest struct {
	*Base
}

// Handles implements githubapp.EventHandler.
func (h *PullRequest) Handles() []string { return []string{"pull_request"} }

// Handle implements githubapp.EventHandler.
func (h *PullRequest) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	var ev github.PullRequestEvent
	if err := parse(eventType, payload, &ev); err != nil {
		return err
	}
	inst, err := installationID(eventType, ev.GetInstallation())
	if err != nil {
		return err
	}
	ctx, logger := githubapp.PreparePRContext(ctx, inst, ev.GetRepo(), ev.GetNumber())
	if h.fromSelf(ev.GetSender()) {
		logger.Debug().Msg("ignoring an event caused by Gatehouse itself")
		return nil
	}
	if !h.wants(ev) {
		logger.Debug().Str("action", ev.GetAction()).Msg("pull_request action needs no evaluation")
		return nil
	}
	t := Target{InstallationID: inst, Owner: ev.GetRepo().GetOwner().GetLogin(),
		Repo: ev.GetRepo().GetName(), Number: ev.GetNumber(), HeadSHA: ev.GetPullRequest().GetHead().GetSHA(), DeliveryID: deliveryID}
	if a := ev.GetAction(); a == "labeled" || a == "unlabeled" {
		t.Trigger = &Trigger{Kind: a, Actor: ev.GetSender().GetLogin(), Label: ev.GetLabel().GetName()}
	}
	return h.Evaluator.Evaluate(ctx, t)
}

// wants says which actions change what Gatehouse evaluates: the code (opened,
// reopened, synchronize), the draft state, or the base branch (edited with a
// base change: a different base means a different policy and diff).
func (h *PullRequest) wants(ev github.PullRequestEvent) bool {
	switch ev.GetAction() {
	case "opened", "reopened", "synchronize", "ready_for_review", "labeled", "unlabeled":
		return true
	case "edited":
		return ev.GetChanges().GetBase() != nil
	}
	return false
}

var _ githubapp.EventHandler = &PullRequest{}
