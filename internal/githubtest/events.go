package githubtest

import (
	"strconv"
	"strings"
	"time"
)

// issueEvent is one entry of a pull request's timeline events: who asked for
// or withdrew a review request. Gatehouse reads them to never re-request a
// reviewer a person removed, and to request each reviewer once.
type issueEvent struct {
	id       int64
	event    string // review_requested, review_request_removed
	actor    string
	reviewer string
	team     string
	at       time.Time
}

func (pr *PullRequest) recordRequestsLocked(event, actor string, users, teams []string) {
	now := time.Now()
	for _, u := range users {
		pr.events = append(pr.events, issueEvent{id: pr.s.nextIDLocked(), event: event, actor: actor, reviewer: u, at: now})
	}
	for _, t := range teams {
		pr.events = append(pr.events, issueEvent{id: pr.s.nextIDLocked(), event: event, actor: actor, team: t, at: now})
	}
}

// RemoveReviewRequest withdraws review requests as actor would in the UI.
func (pr *PullRequest) RemoveReviewRequest(actor string, users, teams []string) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	for _, u := range users {
		pr.reqUsers = removeFold(pr.reqUsers, u)
	}
	for _, t := range teams {
		pr.reqTeams = removeFold(pr.reqTeams, t)
	}
	pr.recordRequestsLocked("review_request_removed", actor, users, teams)
	pr.touchLocked()
}

func listIssueEvents(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	items := []any{}
	for _, ev := range pr.events {
		m := map[string]any{
			"id": ev.id, "node_id": nodeID("RRE", ev.id), "url": s.apiURL("repos/" + pr.repo.fullName() + "/issues/events/" + strconv.FormatInt(ev.id, 10)),
			"actor": s.loginJSON(ev.actor), "event": ev.event, "commit_id": nil, "commit_url": nil,
			"created_at": ts(ev.at), "performed_via_github_app": nil, "review_requester": s.loginJSON(ev.actor),
		}
		if ev.team != "" {
			if t := s.teams[strings.ToLower(pr.repo.owner.login+"/"+ev.team)]; t != nil {
				m["requested_team"] = s.teamJSON(t, false)
			} else {
				m["requested_team"] = map[string]any{"slug": ev.team, "name": ev.team}
			}
		} else {
			m["requested_reviewer"] = s.loginJSON(ev.reviewer)
		}
		items = append(items, m)
	}
	return s.listResponse(rq, items, 30)
}
