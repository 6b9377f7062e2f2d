package evaluation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// isInfoSec reports whether login belongs to InfoSec: a listed user, or a
// current active member of the team, asked of GitHub at every evaluation so
// that someone who left the team stops counting at once.
func isInfoSec(ctx context.Context, g githubio.Reader, p *config.Policy, login string) (bool, error) {
	for _, u := range infosec.Users(p) {
		if strings.EqualFold(u, login) {
			return true, nil
		}
	}
	org, slug := infosec.Team(p, g.Owner())
	if slug == "" {
		return false, nil
	}
	return g.TeamMember(ctx, org, slug, login)
}

// approvals computes the InfoSec approval state. It reads reviews and
// membership only when something needs approval.
func approvals(ctx context.Context, g githubio.Reader, rec *recorder, p *config.Policy, cs *checks.ChangeSet, needs []checks.ApprovalNeed) (gate.Approvals, []string, error) {
	out := gate.Approvals{Required: p.InfoSec.RequiredApprovals}
	if len(needs) == 0 {
		return out, nil, nil
	}
	rs, err := g.Reviews(ctx, cs.Number)
	if err != nil {
		return out, nil, err
	}
	var reviews []gate.Review
	members := map[string]bool{}
	var notes []string
	membersUnreadable := false
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
		ok, err := isInfoSec(ctx, g, p, login)
		switch {
		case errors.Is(err, githubio.ErrMembersUnreadable):
			if !membersUnreadable { // one note, however many approvals it voids
				membersUnreadable = true
				org, slug := infosec.Team(p, g.Owner())
				notes = append(notes, fmt.Sprintf("Gatehouse cannot read the members of team `%s/%s`, so team approvals do not count: grant the App the **Organization › Members: read** permission, or list approvers under `infosec.users`.", org, slug))
			}
		case err != nil:
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
	return a, notes, nil
}
