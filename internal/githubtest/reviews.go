package githubtest

import (
	"strings"
	"time"
)

// Review is a pull request review.
type Review struct {
	ID          int64
	User        string
	State       string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
	CommitID    string
	Body        string
	SubmittedAt time.Time
}

type review struct{ Review }

// SubmitReview records a review by login at commitID ("" for the current
// head) with state APPROVED, CHANGES_REQUESTED or COMMENTED. As on GitHub,
// it fulfils the review requests of that user and of the teams they are in.
func (pr *PullRequest) SubmitReview(login, state, commitID, body string) Review {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	if commitID == "" {
		commitID = pr.headSHA
	}
	pr.s.userLocked(login)
	rv := &review{Review{
		ID: pr.s.nextIDLocked(), User: login, State: state, CommitID: commitID, Body: body,
		SubmittedAt: time.Now().UTC().Truncate(time.Second),
	}}
	pr.reviews = append(pr.reviews, rv)
	pr.reqUsers = removeFold(pr.reqUsers, login)
	var teams []string
	for _, slug := range pr.reqTeams {
		t := pr.s.teams[strings.ToLower(pr.repo.owner.login+"/"+slug)]
		if t == nil || t.members[strings.ToLower(login)] == "" {
			teams = append(teams, slug)
		}
	}
	pr.reqTeams = teams
	pr.touchLocked()
	return rv.Review
}

// DismissReview dismisses a review, as a maintainer or a new push can.
func (pr *PullRequest) DismissReview(id int64) Review {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	for _, rv := range pr.reviews {
		if rv.ID == id {
			rv.State = "DISMISSED"
			return rv.Review
		}
	}
	pr.s.t.Fatalf("githubtest: DismissReview: no review %d on #%d", id, pr.number)
	return Review{}
}

// Reviews lists the pull request's reviews, oldest first.
func (pr *PullRequest) Reviews() []Review {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	out := make([]Review, len(pr.reviews))
	for i, rv := range pr.reviews {
		out[i] = rv.Review
	}
	return out
}

// RequestReviewers requests reviews as a person would in the UI, without
// GitHub's collaborator checks (use the API for those).
func (pr *PullRequest) RequestReviewers(users []string, teams []string) {
	pr.s.mu.Lock()
	defer pr.s.mu.Unlock()
	pr.addRequestsLocked(users, teams)
}

func (pr *PullRequest) addRequestsLocked(users, teams []string) {
	for _, u := range users {
		pr.s.userLocked(u)
		if !containsFold(pr.reqUsers, u) {
			pr.reqUsers = append(pr.reqUsers, u)
		}
	}
	for _, t := range teams {
		if !containsFold(pr.reqTeams, t) {
			pr.reqTeams = append(pr.reqTeams, t)
		}
	}
	pr.touchLocked()
}

// Reviewers are the pending review requests of a pull request.
type Reviewers struct {
	Users []string
	Teams []string // team slugs
}

// RequestedReviewers returns the pending review requests of owner/repo#number.
func (s *Server) RequestedReviewers(owner, repo string, number int) Reviewers {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(owner, repo)
	if r == nil || r.pulls[number] == nil {
		return Reviewers{}
	}
	pr := r.pulls[number]
	return Reviewers{Users: append([]string(nil), pr.reqUsers...), Teams: append([]string(nil), pr.reqTeams...)}
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func removeFold(list []string, v string) []string {
	out := list[:0:0]
	for _, x := range list {
		if !strings.EqualFold(x, v) {
			out = append(out, x)
		}
	}
	return out
}
