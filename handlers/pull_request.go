package handlers

import (
	"context"
	"encoding/json"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"

	"github.com/gatehouse-sec/gatehouse/evaluation"
)

// PullRequest evaluates a pull request when its code or its base changes.
type PullRequest struct {
	*Base
}

// Handles implements githubapp.EventHandler.
func (h *PullRequest) Handles() []string { return []string{"pull_request"} }

// pullRequestPayload is the part of a pull_request delivery Gatehouse reads.
// Decoding only it, rather than go-github's whole PullRequestEvent, keeps a
// burst of deliveries (about 25 KB of JSON each) cheap for the workers, which
// share the CPU with the acknowledgement of further deliveries.
type pullRequestPayload struct {
	Action      string `json:"action"`
	Number      int    `json:"number"`
	PullRequest struct {
		Head struct {
			SHA string `json:"sha"`
		} `json:"head"`
	} `json:"pull_request"`
	Repository struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Owner struct {
			Login string `json:"login"`
		} `json:"owner"`
	} `json:"repository"`
	Installation *github.Installation `json:"installation"`
	Sender       *github.User         `json:"sender"`
	Label        *github.Label        `json:"label"`
	Changes      *struct {
		Base *json.RawMessage `json:"base"`
	} `json:"changes"`
}

// Handle implements githubapp.EventHandler.
func (h *PullRequest) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	var ev pullRequestPayload
	if err := parse(eventType, payload, &ev); err != nil {
		return err
	}
	inst, err := installationID(eventType, ev.Installation)
	if err != nil {
		return err
	}
	repo := &github.Repository{ID: github.Int64(ev.Repository.ID), Name: github.String(ev.Repository.Name),
		Owner: &github.User{Login: github.String(ev.Repository.Owner.Login)}}
	ctx, logger := githubapp.PreparePRContext(ctx, inst, repo, ev.Number)
	if h.fromSelf(ev.Sender) {
		logger.Debug().Msg("ignoring an event caused by Gatehouse itself")
		return nil
	}
	if !h.wants(ev) {
		logger.Debug().Str("action", ev.Action).Msg("pull_request action needs no evaluation")
		return nil
	}
	t := evaluation.Target{InstallationID: inst, Owner: ev.Repository.Owner.Login, Repo: ev.Repository.Name,
		Number: ev.Number, HeadSHA: ev.PullRequest.Head.SHA, DeliveryID: deliveryID}
	if ev.Action == "labeled" || ev.Action == "unlabeled" {
		t.Trigger = &evaluation.Trigger{Kind: ev.Action, Actor: ev.Sender.GetLogin(), Label: ev.Label.GetName()}
	}
	return h.Evaluator.Evaluate(ctx, t)
}

// wants says which actions change what Gatehouse evaluates: the code (opened,
// reopened, synchronize), the draft state, the base branch (edited with a
// base change: a different base means a different policy and diff), or a
// label (the override label is only known once the policy is read).
func (h *PullRequest) wants(ev pullRequestPayload) bool {
	switch ev.Action {
	case "opened", "reopened", "synchronize", "ready_for_review", "labeled", "unlabeled":
		return true
	case "edited":
		return ev.Changes != nil && ev.Changes.Base != nil
	}
	return false
}

var _ githubapp.EventHandler = &PullRequest{}
