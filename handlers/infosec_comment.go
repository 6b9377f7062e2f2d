package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// commentMarker identifies Gatehouse's one InfoSec comment on a pull request.
const commentMarker = "<!-- gatehouse:infosec -->"

// publishInfoSec keeps the pull request's label and its one InfoSec comment in
// step with the verdict. Both are best effort: failures are logged, never fatal.
func publishInfoSec(ctx context.Context, g *gitHub, p *config.Policy, pr *github.PullRequest, v gate.Verdict, bot string, cache *processCache) {
	logger := zerolog.Ctx(ctx)
	pending := len(v.Needs) > 0 && !v.Approved
	hasLabel := false
	for _, l := range pr.Labels {
		if strings.EqualFold(l.GetName(), p.InfoSec.Label) {
			hasLabel = true
		}
	}
	switch {
	case pending && !hasLabel:
		if err := g.addLabel(ctx, pr.GetNumber(), p.InfoSec.Label); err != nil {
			logger.Warn().Err(err).Msg("could not add the InfoSec review label")
		}
	case !pending && hasLabel:
		if _, err := g.client.Issues.RemoveLabelForIssue(ctx, g.owner, g.repo, pr.GetNumber(), p.InfoSec.Label); err != nil {
			logger.Warn().Err(err).Msg("could not remove the InfoSec review label")
		}
	}
	body := infosecComment(p, g.owner, v)
	key := fmt.Sprintf("%s#%d", g.fullName(), pr.GetNumber())
	if m, ok := cache.comment(key); ok {
		if m.body == body {
			return // already says this
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
	if len(v.Needs) == 0 && existing == nil {
		return // InfoSec was never involved: stay quiet
	}
	var written *github.IssueComment
	switch {
	case existing == nil:
		written, _, err = g.client.Issues.CreateComment(ctx, g.owner, g.repo, pr.GetNumber(), &github.IssueComment{Body: github.String(body)})
	case existing.GetBody() != body:
		written, _, err = g.client.Issues.EditComment(ctx, g.owner, g.repo, existing.GetID(), &github.IssueComment{Body: github.String(body)})
	default:
		written = existing
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
			if strings.EqualFold(c.GetUser().GetLogin(), bot) && strings.Contains(c.GetBody(), commentMarker) {
				return c, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opt.Page = resp.NextPage
	}
}

// infosecComment says why InfoSec is involved, who they are, and what unblocks the pull request.
func infosecComment(p *config.Policy, owner string, v gate.Verdict) string {
	var b strings.Builder
	b.WriteString(commentMarker + "\n")
	switch {
	case len(v.Needs) == 0:
		b.WriteString("### 🔐 InfoSec review no longer needed\n\nThe latest commit no longer touches anything that needs the security team's approval.\n")
		return b.String()
	case v.Approved:
		b.WriteString("### ✅ InfoSec approved\n\n")
	default:
		b.WriteString("### 🔐 InfoSec review needed\n\n")
	}
	b.WriteString("This pull request touches what needs the security team's approval:\n\n")
	for _, n := range v.Needs {
		fmt.Fprintf(&b, "- `%s`: %s\n", n.Subject, n.Reason)
	}
	var who []string
	if org, slug := infosecTeam(p, owner); slug != "" {
		who = append(who, "@"+org+"/"+slug)
	}
	for _, u := range p.InfoSec.Users {
		who = append(who, "@"+strings.TrimPrefix(u, "@"))
	}
	if len(who) > 0 {
		fmt.Fprintf(&b, "\n**Reviewers:** %s", strings.Join(who, ", "))
	}
	if p.InfoSec.Contact != "" {
		fmt.Fprintf(&b, " · **Contact:** %s", p.InfoSec.Contact)
	}
	fmt.Fprintf(&b, "\n\n**What unblocks it:** %d approving review(s) from InfoSec. A later commit that changes these paths again needs a new approval; other commits keep it. The `gatehouse` check shows the current state.\n", p.InfoSec.RequiredApprovals)
	return b.String()
}
