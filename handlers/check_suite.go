package handlers

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"
)

// CheckSuite re-evaluates a head SHA when GitHub asks for its checks.
type CheckSuite struct {
	*Base
}

// Handles implements githubapp.EventHandler.
func (h *CheckSuite) Handles() []string { return []string{"check_suite"} }

// Handle implements githubapp.EventHandler. "requested" comes with every push,
// alongside pull_request "synchronize", so it only evaluates a SHA not yet
// evaluated; "rerequested" (Re-run all checks) always evaluates.
func (h *CheckSuite) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	var ev github.CheckSuiteEvent
	if err := parse(eventType, payload, &ev); err != nil {
		return err
	}
	action := ev.GetAction()
	if action != "requested" && action != "rerequested" {
		return nil
	}
	inst, err := installationID(eventType, ev.GetInstallation())
	if err != nil {
		return err
	}
	ctx, logger := githubapp.PrepareRepoContext(ctx, inst, ev.GetRepo())
	if h.fromSelf(ev.GetSender()) {
		logger.Debug().Msg("ignoring an event caused by Gatehouse itself")
		return nil
	}
	suite := ev.GetCheckSuite()
	if suite == nil {
		return fmt.Errorf("%s event has no check_suite", eventType)
	}
	if action == "rerequested" && suite.GetApp().GetID() != 0 && h.AppID != 0 && suite.GetApp().GetID() != h.AppID {
		return nil // another app's suite
	}
	return h.evaluateSHA(ctx, deliveryID, inst, ev.GetRepo(), suite.GetHeadSHA(), suite.PullRequests, action == "requested")
}

var _ githubapp.EventHandler = &CheckSuite{}
