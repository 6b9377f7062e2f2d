package handlers

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// CheckRun re-evaluates a head SHA when someone re-runs one of Gatehouse's runs.
type CheckRun struct {
	*Base
}

// Handles implements githubapp.EventHandler.
func (h *CheckRun) Handles() []string { return []string{"check_run"} }

// Handle implements githubapp.EventHandler.
func (h *CheckRun) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	var ev github.CheckRunEvent
	if err := parse(eventType, payload, &ev); err != nil {
		return err
	}
	if ev.GetAction() != "rerequested" {
		return nil
	}
	inst, err := installationID(eventType, ev.GetInstallation())
	if err != nil {
		return err
	}
	ctx, logger := githubapp.PrepareRepoContext(ctx, inst, ev.GetRepo())
	run := ev.GetCheckRun()
	if run == nil {
		return fmt.Errorf("%s event has no check_run", eventType)
	}
	if h.AppID != 0 && run.GetApp().GetID() != 0 && run.GetApp().GetID() != h.AppID {
		return nil // another app's run
	}
	if h.fromSelf(ev.GetSender()) {
		logger.Debug().Msg("ignoring an event caused by Gatehouse itself")
		return nil
	}
	sha := run.GetHeadSHA()
	if sha == "" {
		sha = run.GetCheckSuite().GetHeadSHA()
	}
	return h.evaluateSHA(ctx, deliveryID, inst, ev.GetRepo(), sha, run.PullRequests, false)
}

var _ githubapp.EventHandler = &CheckRun{}
