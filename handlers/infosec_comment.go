package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
)

// publishInfoSec keeps the pull request's label and its one InfoSec comment in
// step with the verdict. Both are best effort: failures are logged, never fatal.
// The label and the comment's content are infosec.ReviewLabel's and
// infosec.Comment's; the comment is edited in place, found through the
// process cache or by listing the pull request's comments.
func publishInfoSec(ctx context.Context, g *gitHub, rec *recorder, p *config.Policy, pr *github.PullRequest, v gate.Verdict, bot string, cache *processCache) {
	logger := zerolog.Ctx(ctx)
	carryOut(ctx, g, rec, pr.GetNumber(), infosec.ReviewLabel(p, v, labelNames(pr)))
	body := infosec.Comment(p, g.owner, v)
	key := fmt.Sprintf("%s#%d", g.fullName(), pr.GetNumber())
	if m, ok := cache.comment(key); ok {
		if infosec.DecideComment(body, v, &m.body) == infosec.CommentKeep {
			return
		}
		if _, _, err := g.client.Issues.EditComment(ctx, g.owner, g.repo, m.id, &github.IssueComment{Body: github.String(body)}); err == nil {
			cache.setComment(key, commentMemo{id: m.id, body: body})
			return
		}
		// Deleted or unreachable: find it again below.
	}
	existing, err := findComment(ctx, g, pr.GetNumber(), bot)
	if err != nil {
		logger.Warn().Err(err).Msg("could not list comments")
		return
	}
	var existingBody *string
	if existing != nil {
		existingBody = github.String(existing.GetBody())
	}
	written := existing
	switch infosec.DecideComment(body, v, existingBody) {
	case infosec.CommentKeep:
		if existing == nil {
			return // InfoSec was never involved: stay quiet
		}
	case infosec.CommentCreate:
		written, _, err = g.client.Issues.CreateComment(ctx, g.owner, g.repo, pr.GetNumber(), &github.IssueComment{Body: github.String(body)})
	case infosec.CommentEdit:
		written, _, err = g.client.Issues.EditComment(ctx, g.owner, g.repo, existing.GetID(), &github.IssueComment{Body: github.String(body)})
	}
	if err != nil {
		logger.Warn().Err(err).Msg("could not write the InfoSec comment")
		return
	}
	cache.setComment(key, commentMemo{id: written.GetID(), body: body})
}

// addLabel adds one label in the object form GitHub recommends (go-github
// v60's AddLabelsToIssue sends the bare-array form).
func (g *gitHub) addLabel(ctx context.Context, number int, label string) error {
	u := fmt.Sprintf("repos/%s/%s/issues/%d/labels", g.owner, g.repo, number)
	req, err := g.client.NewRequest("POST", u, map[string][]string{"labels": {label}})
	if err != nil {
		return err
	}
	if _, err := g.client.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("failed to label %s#%d: %w", g.fullName(), number, err)
	}
	return nil
}

func findComment(ctx context.Context, g *gitHub, number int, bot string) (*github.IssueComment, error) {
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		cs, resp, err := g.client.Issues.ListComments(ctx, g.owner, g.repo, number, opt)
		if err != nil {
			return nil, fmt.Errorf("failed to list comments of %s#%d: %w", g.fullName(), number, err)
		}
		for _, c := range cs {
			if strings.EqualFold(c.GetUser().GetLogin(), bot) && strings.Contains(c.GetBody(), infosec.CommentMarker) {
				return c, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opt.Page = resp.NextPage
	}
}
