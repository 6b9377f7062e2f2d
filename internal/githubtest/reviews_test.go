package githubtest

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestRequestReviewers(t *testing.T) {
	tests := []struct {
		name    string
		req     github.ReviewersRequest
		status  int
		message string
	}{
		{"team with access", github.ReviewersRequest{TeamReviewers: []string{"security"}}, http.StatusCreated, ""},
		{"collaborator", github.ReviewersRequest{Reviewers: []string{"carol"}}, http.StatusCreated, ""},
		{"team without access", github.ReviewersRequest{TeamReviewers: []string{"design"}},
			http.StatusUnprocessableEntity, "Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the octo-org/widgets repository."},
		{"unknown team", github.ReviewersRequest{TeamReviewers: []string{"nope"}},
			http.StatusUnprocessableEntity, "Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the octo-org/widgets repository."},
		{"pull request author", github.ReviewersRequest{Reviewers: []string{"bob"}},
			http.StatusUnprocessableEntity, "Review cannot be requested from pull request author."},
		{"user without access", github.ReviewersRequest{Reviewers: []string{"stranger"}},
			http.StatusUnprocessableEntity, "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the octo-org/widgets repository."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPRFixture(t)
			f.s.AddTeam("octo-org", "security", "sam").Grant(f.repo, "pull")
			f.s.AddTeam("octo-org", "design", "dora")
			f.repo.AddCollaborator("carol", "push")
			_, resp, err := f.gh.PullRequests.RequestReviewers(f.ctx, "octo-org", "widgets", 1, tt.req)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d (%v)", resp.StatusCode, tt.status, err)
			}
			got := f.s.RequestedReviewers("octo-org", "widgets", 1)
			if tt.message != "" {
				var er *github.ErrorResponse
				if !errors.As(err, &er) || er.Message != tt.message {
					t.Errorf("message %v", err)
				}
				if len(got.Users)+len(got.Teams) != 0 {
					t.Errorf("a rejected request left reviewers %+v", got)
				}
				return
			}
			if len(got.Users) != len(tt.req.Reviewers) || len(got.Teams) != len(tt.req.TeamReviewers) {
				t.Errorf("requested %+v", got)
			}
			listed := res(f.gh.PullRequests.ListReviewers(f.ctx, "octo-org", "widgets", 1, nil)).must(t)
			if len(listed.Users) != len(got.Users) || len(listed.Teams) != len(got.Teams) {
				t.Errorf("API lists %d users %d teams", len(listed.Users), len(listed.Teams))
			}
		})
	}
}

func TestReviewsFulfilRequests(t *testing.T) {
	f := newPRFixture(t)
	f.s.AddTeam("octo-org", "security", "sam").Grant(f.repo, "pull")
	res(f.gh.PullRequests.RequestReviewers(f.ctx, "octo-org", "widgets", 1, github.ReviewersRequest{TeamReviewers: []string{"security"}})).must(t)
	old := f.pr.HeadSHA()
	rv := f.pr.SubmitReview("sam", "APPROVED", "", "lgtm")
	if got := f.s.RequestedReviewers("octo-org", "widgets", 1); len(got.Teams) != 0 {
		t.Errorf("a member's review left the team request: %+v", got)
	}
	f.repo.Push("feature", "more", "bob", map[string]*string{"x": Content("x\n")})
	f.pr.DismissReview(rv.ID)
	reviews := res(f.gh.PullRequests.ListReviews(f.ctx, "octo-org", "widgets", 1, nil)).must(t)
	if len(reviews) != 1 || reviews[0].GetState() != "DISMISSED" || reviews[0].GetCommitID() != old || reviews[0].GetUser().GetLogin() != "sam" {
		t.Errorf("reviews %+v", reviews)
	}
	if _, err := f.gh.PullRequests.RemoveReviewers(f.ctx, "octo-org", "widgets", 1, github.ReviewersRequest{Reviewers: []string{"nobody"}}); err != nil {
		t.Errorf("removing a reviewer: %v", err)
	}
}

func TestTeams(t *testing.T) {
	f := newPRFixture(t)
	team := f.s.AddTeam("octo-org", "security", "sam", "sue")
	team.AddMember("max", "maintainer")
	team.Grant(f.repo, "push")
	got := res(f.gh.Teams.GetTeamBySlug(f.ctx, "octo-org", "security")).must(t)
	if got.GetSlug() != "security" || got.GetMembersCount() != 3 {
		t.Errorf("team %s members %d", got.GetSlug(), got.GetMembersCount())
	}
	members := res(f.gh.Teams.ListTeamMembersBySlug(f.ctx, "octo-org", "security", nil)).must(t)
	if len(members) != 3 {
		t.Errorf("%d members", len(members))
	}
	m := res(f.gh.Teams.GetTeamMembershipBySlug(f.ctx, "octo-org", "security", "max")).must(t)
	if m.GetRole() != "maintainer" || m.GetState() != "active" {
		t.Errorf("membership %s %s", m.GetRole(), m.GetState())
	}
	if _, resp, err := f.gh.Teams.GetTeamMembershipBySlug(f.ctx, "octo-org", "security", "mallory"); err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("non-member: %v", err)
	}
	teams := res(f.gh.Repositories.ListTeams(f.ctx, "octo-org", "widgets", nil)).must(t)
	if len(teams) != 1 || teams[0].GetPermission() != "push" {
		t.Errorf("repo teams %+v", teams)
	}

	forbidden := newPRFixture(t, TeamMembersForbidden())
	forbidden.s.AddTeam("octo-org", "security", "sam")
	_, resp, err := forbidden.gh.Teams.GetTeamMembershipBySlug(forbidden.ctx, "octo-org", "security", "sam")
	var er *github.ErrorResponse
	if !errors.As(err, &er) || resp.StatusCode != http.StatusForbidden || er.Message != "Resource not accessible by integration" {
		t.Errorf("without members:read: %v", err)
	}
}
