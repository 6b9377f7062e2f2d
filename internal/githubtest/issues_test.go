package githubtest

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestLabels(t *testing.T) {
	f := newPRFixture(t)
	res(f.gh.Issues.CreateLabel(f.ctx, "octo-org", "widgets", &github.Label{Name: github.String("security-override"), Color: github.String("b60205")})).must(t)
	if _, resp, err := f.gh.Issues.CreateLabel(f.ctx, "octo-org", "widgets", &github.Label{Name: github.String("security-override"), Color: github.String("b60205")}); err == nil || resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("duplicate label: %v", err)
	}
	labels := res(f.gh.Issues.AddLabelsToIssue(f.ctx, "octo-org", "widgets", 1, []string{"security-override", "needs-infosec"})).must(t)
	if len(labels) != 2 {
		t.Errorf("labels after add: %d", len(labels))
	}
	if got := f.s.Labels("octo-org", "widgets", 1); len(got) != 2 || got[1] != "needs-infosec" {
		t.Errorf("stored labels %v", got)
	}
	if _, err := f.gh.Issues.RemoveLabelForIssue(f.ctx, "octo-org", "widgets", 1, "needs-infosec"); err != nil {
		t.Errorf("remove: %v", err)
	}
	resp, err := f.gh.Issues.RemoveLabelForIssue(f.ctx, "octo-org", "widgets", 1, "needs-infosec")
	var er *github.ErrorResponse
	if !errors.As(err, &er) || resp.StatusCode != http.StatusNotFound || er.Message != "Label does not exist" {
		t.Errorf("removing an absent label: %v", err)
	}
	repoLabels := res(f.gh.Issues.ListLabels(f.ctx, "octo-org", "widgets", nil)).must(t)
	onIssue := res(f.gh.Issues.ListLabelsByIssue(f.ctx, "octo-org", "widgets", 1, nil)).must(t)
	if len(repoLabels) != 2 || len(onIssue) != 1 {
		t.Errorf("repo labels %d, issue labels %d", len(repoLabels), len(onIssue))
	}
}

func TestIssueComments(t *testing.T) {
	f := newPRFixture(t)
	human := f.pr.AddComment("carol", "what does this do?")
	c := res(f.gh.Issues.CreateComment(f.ctx, "octo-org", "widgets", 1, &github.IssueComment{Body: github.String("Gatehouse: 1 finding")})).must(t)
	if c.GetUser().GetLogin() != f.s.BotLogin() || c.GetUser().GetType() != "Bot" {
		t.Errorf("comment author %s %s", c.GetUser().GetLogin(), c.GetUser().GetType())
	}
	res(f.gh.Issues.EditComment(f.ctx, "octo-org", "widgets", c.GetID(), &github.IssueComment{Body: github.String("Gatehouse: clean")})).must(t)
	listed := res(f.gh.Issues.ListComments(f.ctx, "octo-org", "widgets", 1, nil)).must(t)
	if len(listed) != 2 || listed[0].GetID() != human.ID || listed[1].GetBody() != "Gatehouse: clean" {
		t.Errorf("listed %d comments", len(listed))
	}
	if _, err := f.gh.Issues.DeleteComment(f.ctx, "octo-org", "widgets", human.ID); err != nil {
		t.Errorf("delete: %v", err)
	}
	if got := f.s.Comments("octo-org", "widgets", 1); len(got) != 1 || got[0].Body != "Gatehouse: clean" {
		t.Errorf("stored comments %+v", got)
	}
	issue := res(f.gh.Issues.Get(f.ctx, "octo-org", "widgets", 1)).must(t)
	if !issue.IsPullRequest() || issue.GetComments() != 1 || issue.GetUser().GetLogin() != "bob" {
		t.Errorf("issue view of the PR: %+v", issue)
	}
}

func TestUnknownRoutes(t *testing.T) {
	f := newPRFixture(t)
	for _, path := range []string{"repos/octo-org/widgets/nope", "user/repos", "repos/octo-org/missing"} {
		req, _ := f.gh.NewRequest(http.MethodGet, path, nil)
		resp, err := f.gh.Do(f.ctx, req, nil)
		if err == nil || resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %v", path, err)
		}
	}
}
