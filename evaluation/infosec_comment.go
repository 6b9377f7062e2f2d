package evaluation

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// publishInfoSec keeps the pull request's label and its one InfoSec comment in
// step with the verdict. Both are best effort: failures are logged, never fatal.
// The label and the comment's content are infosec.ReviewLabel's and
// infosec.Comment's; the comment is edited in place, found through the
// process cache or by listing the pull request's comments.
func publishInfoSec(ctx context.Context, g githubio.GitHub, rec *recorder, p *config.Policy, pr *github.PullRequest, v gate.Verdict, bot string, cache *githubio.ProcessCache) {
	logger := zerolog.Ctx(ctx)
	carryOut(ctx, g, rec, pr.GetNumber(), infosec.ReviewLabel(p, v, labelNames(pr)))
	body := infosec.Comment(p, g.Owner(), v)
	key := fmt.Sprintf("%s#%d", g.FullName(), pr.GetNumber())
	if m, ok := cache.Comment(key); ok {
		if infosec.DecideComment(body, v, &m.Body) == infosec.CommentKeep {
			return
		}
		if _, err := g.EditComment(ctx, m.ID, body); err == nil {
			cache.SetComment(key, githubio.CommentMemo{ID: m.ID, Body: body})
			return
		}
		// Deleted or unreachable: find it again below.
	}
	existing, err := g.FindComment(ctx, pr.GetNumber(), func(c *github.IssueComment) bool {
		return strings.EqualFold(c.GetUser().GetLogin(), bot) && strings.Contains(c.GetBody(), infosec.CommentMarker)
	})
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
		written, err = g.CreateComment(ctx, pr.GetNumber(), body)
	case infosec.CommentEdit:
		written, err = g.EditComment(ctx, existing.GetID(), body)
	}
	if err != nil {
		logger.Warn().Err(err).Msg("could not write the InfoSec comment")
		return
	}
	cache.SetComment(key, githubio.CommentMemo{ID: written.GetID(), Body: body})
}
