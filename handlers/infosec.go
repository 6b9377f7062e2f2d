package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
)

// errMembersUnreadable means the App may not read team membership.
var errMembersUnreadable = errors.New("the App cannot read team membership")

// isInfoSec reports whether login belongs to InfoSec: a listed user, or a
// current active member of the team, asked of GitHub at every evaluation so
// that someone who left the team stops counting at once.
func (g *gitHub) isInfoSec(ctx context.Context, p *config.Policy, login string) (bool, error) {
	for _, u := range p.InfoSec.Users {
		if strings.EqualFold(strings.TrimPrefix(u, "@"), login) {
			return true, nil
		}
	}
	org, slug := infosec.Team(p, g.owner)
	if slug == "" {
		return false, nil
	}
	return memoDo(g.memo, "member/"+org+"/"+slug+"/"+strings.ToLower(login), func() (bool, error) {
		m, resp, err := g.client.Teams.GetTeamMembershipBySlug(ctx, org, slug, login)
		switch {
		case resp != nil && resp.StatusCode == http.StatusNotFound:
			return false, nil
		case resp != nil && resp.StatusCode == http.StatusForbidden:
			return false, errMembersUnreadable
		case err != nil:
			return false, fmt.Errorf("failed to read the membership of %s in %s/%s: %w", login, org, slug, err)
		}
		return m.GetState() == "active", nil
	})
}

// reviews lists a pull request's reviews, oldest first.
func (g *gitHub) reviews(ctx context.Context, number int) ([]*github.PullRequestReview, error) {
	return memoDo(g.memo, fmt.Sprintf("reviews/%d", number), func() ([]*github.PullRequestReview, error) {
		var all []*github.PullRequestReview
		opt := &github.ListOptions{PerPage: 100}
		for {
			rs, resp, err := g.client.PullRequests.ListReviews(ctx, g.owner, g.repo, number, opt)
			if err != nil {
				return nil, fmt.Errorf("failed to list reviews of %s#%d: %w", g.fullName(), number, err)
			}
			all = append(all, rs...)
			if resp.NextPage == 0 {
				return all, nil
			}
			opt.Page = resp.NextPage
		}
	})
}

// approvals computes the InfoSec approval state. It reads reviews and
// membership only when something needs approval.
func approvals(ctx context.Context, g *gitHub, rec *recorder, p *config.Policy, cs *checks.ChangeSet, needs []checks.ApprovalNeed) (gate.Approvals, []string, error) {
	out := gate.Approvals{Required: p.InfoSec.RequiredApprovals}
	if len(needs) == 0 {
		return out, nil, nil
	}
	rs, err := g.reviews(ctx, cs.Number)
	if err != nil {
		return out, nil, err
	}
	var reviews []gate.Review
	members := map[string]bool{}
	var notes []string
	for _, r := range rs {
		login := r.GetUser().GetLogin()
		reviews = append(reviews, gate.Review{Login: login, State: r.GetState(), Commit: r.GetCommitID()})
		if r.GetState() != "APPROVED" {
			continue
		}
		key := strings.ToLower(login)
		if _, done := members[key]; done {
			continue
		}
		ok, err := g.isInfoSec(ctx, p, login)
		if errors.Is(err, errMembersUnreadable) {
			org, slug := infosec.Team(p, g.owner)
			notes = append(notes, fmt.Sprintf("Gatehouse cannot read the members of team `%s/%s`, so team approvals do not count: grant the App the **Organization › Members: read** permission, or list approvers under `infosec.users`.", org, slug))
		} else if err != nil {
			return out, nil, err
		}
		members[key] = ok
	}
	commits := make([]string, len(cs.Commits))
	for i, c := range cs.Commits {
		commits[i] = c.SHA
	}
	a := gate.CountApprovals(reviews, members, cs.Author, p.InfoSec.RequiredApprovals, needs, commits)
	rec.apply(ctx, infosec.ApprovalRecords(a))
	return a, uniq(notes), nil
}
