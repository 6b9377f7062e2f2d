package handlers

import (
	"context"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/evaluation"
)

// IssueComment handles the break-glass command "/gatehouse override <reason>"
// in a pull request's conversation. Other comments are ignored.
type IssueComment struct {
	*Base
}

// Handles implements githubapp.EventHandler.
func (h *IssueComment) Handles() []string { return []string{"issue_comment"} }

// Handle implements githubapp.EventHandler.
func (h *IssueComment) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	var ev github.IssueCommentEvent
	if err := parse(eventType, payload, &ev); err != nil {
		return err
	}
	// IsPullRequest has a value receiver: a payload without an issue
	// would panic on it.
	if ev.GetAction() != "created" || ev.GetIssue() == nil || !ev.GetIssue().IsPullRequest() || h.fromSelf(ev.GetSender()) {
		return nil
	}
	reason, ok := infosec.ParseOverrideCommand(ev.GetComment().GetBody())
	if !ok {
		return nil
	}
	inst, err := installationID(eventType, ev.GetInstallation())
	if err != nil {
		return err
	}
	number := ev.GetIssue().GetNumber()
	ctx, _ = githubapp.PreparePRContext(ctx, inst, ev.GetRepo(), number)
	return h.Evaluator.Evaluate(ctx, evaluation.Target{InstallationID: inst, Owner: ev.GetRepo().GetOwner().GetLogin(),
		Repo: ev.GetRepo().GetName(), Number: number, DeliveryID: deliveryID,
		Trigger: &evaluation.Trigger{Kind: "command", Actor: ev.GetComment().GetUser().GetLogin(), Reason: reason}})
}

var _ githubapp.EventHandler = &IssueComment{}
