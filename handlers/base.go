package handlers

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// Base is what every event handler shares.
type Base struct {
	Evaluator *evaluation.Evaluator
	Clients   githubapp.ClientCreator
	// BotLogin is Gatehouse's own bot user ("slug[bot]"); its events are ignored
	// so that Gatehouse never reacts to itself.
	BotLogin string
	AppID    int64
}

func (b *Base) fromSelf(sender *github.User) bool {
	return sender != nil && b.BotLogin != "" && sender.GetLogin() == b.BotLogin
}

// parse decodes a payload; a malformed one is an error, not a crash.
func parse(eventType string, payload []byte, v any) error {
	if err := json.Unmarshal(payload, v); err != nil {
		return fmt.Errorf("failed to parse %s event payload: %w", eventType, err)
	}
	return nil
}

func installationID(eventType string, inst *github.Installation) (int64, error) {
	if inst.GetID() == 0 {
		return 0, fmt.Errorf("%s event has no installation id; is it addressed to a GitHub App?", eventType)
	}
	return inst.GetID(), nil
}

// openPullsFor maps a head SHA to the open pull requests whose head it is.
// GitHub leaves check_suite.pull_requests empty for pull requests from forks,
// so when the event names none Gatehouse lists the open pull requests itself.
func (b *Base) openPullsFor(ctx context.Context, installation int64, repo *github.Repository, sha string, named []*github.PullRequest) ([]int, error) {
	var out []int
	for _, pr := range named {
		if pr.GetHead().GetSHA() == sha || pr.GetHead().GetSHA() == "" {
			out = append(out, pr.GetNumber())
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	client, err := b.Clients.NewInstallationClient(installation)
	if err != nil {
		return nil, fmt.Errorf("failed to create a client for installation %d: %w", installation, err)
	}
	out, err = githubio.NewRepo(client, repo.GetOwner().GetLogin(), repo.GetName(), nil).OpenPullsWithHead(ctx, sha)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		zerolog.Ctx(ctx).Debug().Str("sha", sha).Msg("no open pull request has this head; nothing to evaluate")
	}
	return out, nil
}

// evaluateSHA evaluates every open pull request whose head is sha.
func (b *Base) evaluateSHA(ctx context.Context, deliveryID string, installation int64, repo *github.Repository, sha string, named []*github.PullRequest, onlyIfNew bool) error {
	numbers, err := b.openPullsFor(ctx, installation, repo, sha, named)
	if err != nil {
		return err
	}
	var firstErr error
	for _, n := range numbers {
		prCtx, _ := githubapp.PreparePRContext(ctx, installation, repo, n)
		err := b.Evaluator.Evaluate(prCtx, evaluation.Target{InstallationID: installation, Owner: repo.GetOwner().GetLogin(),
			Repo: repo.GetName(), Number: n, HeadSHA: sha, OnlyIfNew: onlyIfNew, DeliveryID: deliveryID})
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}
