package githubtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type reviewersInput struct {
	Reviewers     []string `json:"reviewers"`
	TeamReviewers []string `json:"team_reviewers"`
}

const reviewRequestDocs = "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request"

func reviewRequestError(msg string) *response {
	return &response{status: http.StatusUnprocessableEntity, body: map[string]any{
		"message": msg, "documentation_url": reviewRequestDocs, "status": "422",
	}}
}

func requestReviewers(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	var in reviewersInput
	_ = json.Unmarshal(rq.body, &in)
	for _, u := range in.Reviewers {
		if strings.EqualFold(u, pr.author) {
			return reviewRequestError("Review cannot be requested from pull request author.")
		}
	}
	full := pr.repo.fullName()
	for _, u := range in.Reviewers {
		if s.permissionLocked(pr.repo, u) == "" {
			return reviewRequestError("Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the " + full + " repository.")
		}
	}
	for _, slug := range in.TeamReviewers {
		t := s.teams[strings.ToLower(pr.repo.owner.login+"/"+slug)]
		if t == nil || t.repos[pr.repo] == "" {
			return reviewRequestError("Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the " + full + " repository.")
		}
	}
	pr.addRequestsLocked(in.Reviewers, in.TeamReviewers)
	pr.recordRequestsLocked("review_requested", s.BotLogin(), in.Reviewers, in.TeamReviewers)
	return &response{status: http.StatusCreated, body: s.prJSON(pr, false)}
}

func removeRequestedReviewers(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	var in reviewersInput
	_ = json.Unmarshal(rq.body, &in)
	for _, u := range in.Reviewers {
		pr.reqUsers = removeFold(pr.reqUsers, u)
	}
	for _, t := range in.TeamReviewers {
		pr.reqTeams = removeFold(pr.reqTeams, t)
	}
	pr.recordRequestsLocked("review_request_removed", s.BotLogin(), in.Reviewers, in.TeamReviewers)
	pr.touchLocked()
	return &response{body: s.prJSON(pr, false)}
}

func listRequestedReviewers(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	m := s.prJSON(pr, false)
	return &response{body: map[string]any{"users": m["requested_reviewers"], "teams": m["requested_teams"]}}
}

// reviewJSON renders the pull-request-review schema.
func (s *Server) reviewJSON(pr *PullRequest, rv *review) map[string]any {
	full := pr.repo.fullName()
	html := s.webURL(full + "/pull/" + itoa(pr.number) + "#pullrequestreview-" + strconv.FormatInt(rv.ID, 10))
	api := s.apiURL("repos/" + full + "/pulls/" + itoa(pr.number))
	m := map[string]any{
		"id": rv.ID, "node_id": nodeID("PullRequestReview", rv.ID), "user": s.loginJSON(rv.User),
		"body": rv.Body, "state": rv.State, "commit_id": rv.CommitID, "html_url": html,
		"pull_request_url":   api,
		"author_association": s.associationLocked(pr.repo, rv.User),
		"_links":             map[string]any{"html": link(html), "pull_request": link(api)},
	}
	if rv.State != "PENDING" {
		m["submitted_at"] = ts(rv.SubmittedAt)
	}
	return m
}

func listReviews(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	items := make([]any, len(pr.reviews))
	for i, rv := range pr.reviews {
		items[i] = s.reviewJSON(pr, rv)
	}
	return s.listResponse(rq, items, 30)
}

func getReview(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	id, _ := strconv.ParseInt(rq.params["review_id"], 10, 64)
	for _, rv := range pr.reviews {
		if rv.ID == id {
			return &response{body: s.reviewJSON(pr, rv)}
		}
	}
	return notFound()
}

// createReview is POST .../reviews by the App: APPROVE, REQUEST_CHANGES,
// COMMENT, or a pending review without event.
func createReview(s *Server, rq *request) *response {
	pr, errResp := s.pullLocked(rq)
	if errResp != nil {
		return errResp
	}
	var in struct {
		CommitID string `json:"commit_id"`
		Body     string `json:"body"`
		Event    string `json:"event"`
	}
	_ = json.Unmarshal(rq.body, &in)
	state := map[string]string{"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED", "": "PENDING"}[in.Event]
	if (in.Event == "REQUEST_CHANGES" || in.Event == "COMMENT") && in.Body == "" {
		return validationFailed("PullRequestReview", "body", "missing_field", "")
	}
	if in.CommitID == "" {
		in.CommitID = pr.headSHA
	}
	rv := &review{Review{
		ID: s.nextIDLocked(), User: appSlug + "[bot]", State: state, CommitID: in.CommitID, Body: in.Body,
		SubmittedAt: time.Now().UTC().Truncate(time.Second),
	}}
	pr.reviews = append(pr.reviews, rv)
	return &response{body: s.reviewJSON(pr, rv)}
}
