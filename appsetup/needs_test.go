package appsetup_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/palantir/go-githubapp/githubapp"

	"github.com/gatehouse-sec/gatehouse"
	"github.com/gatehouse-sec/gatehouse/appsetup"
	"github.com/gatehouse-sec/gatehouse/handlers"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// needs says which permission each GitHub operation Gatehouse calls with an
// installation token requires, per GitHub's "Permissions required for GitHub
// Apps" (docs.github.com/rest/authentication/permissions-required-for-github-apps).
// Adding a call means adding it here; the test below then proves app.yml asks
// for exactly the union: nothing missing, nothing more (least privilege).
var needs = map[string][]string{
	"checks:write": {"checks/create", "checks/update", "checks/get", "checks/list-annotations",
		"checks/list-for-ref", "checks/list-suites-for-ref"},
	"contents:read": {"repos/get-content", "repos/get-commit", "repos/compare-commits-with-basehead",
		"git/get-blob", "git/get-tree"},
	"pull_requests:write": {"pulls/get", "pulls/list", "pulls/list-files", "pulls/list-commits", "pulls/list-reviews",
		"pulls/list-requested-reviewers", "pulls/request-reviewers", "pulls/remove-requested-reviewers"},
	"issues:write": {"issues/get", "issues/list-comments", "issues/create-comment", "issues/update-comment",
		"issues/delete-comment", "issues/list-events", "issues/list-labels-for-repo", "issues/create-label",
		"issues/list-labels-on-issue", "issues/add-labels", "issues/remove-label"},
	"members:read":  {"teams/get-by-name", "teams/list-members-in-org", "teams/get-membership-for-user-in-org"},
	"metadata:read": {"repos/get"},
}

// eventHandlers are the handlers the server registers (server.New).
var eventHandlers = []githubapp.EventHandler{
	&handlers.PullRequest{}, &handlers.CheckSuite{}, &handlers.CheckRun{},
	&handlers.PullRequestReview{}, &handlers.IssueComment{},
}

// TestAppYMLIsTheSingleSource: the permissions and events app.yml asks for
// are exactly those the code needs.
func TestAppYMLIsTheSingleSource(t *testing.T) {
	spec, err := appsetup.ParseAppSpec(gatehouse.AppManifest)
	if err != nil {
		t.Fatal(err)
	}
	var asked, needed []string
	for _, p := range spec.Permissions {
		asked = append(asked, p.Name+":"+p.Access)
	}
	implemented := githubtest.Operations()
	for perm, ops := range needs {
		needed = append(needed, perm)
		for _, op := range ops {
			// The fake implements every operation Gatehouse calls (its tests
			// fail otherwise), so a name it lacks is a typo or a dead entry.
			if !slices.Contains(implemented, op) {
				t.Errorf("needs lists %s, an operation the fake GitHub does not implement", op)
			}
		}
	}
	sort.Strings(asked)
	sort.Strings(needed)
	if !slices.Equal(asked, needed) {
		t.Errorf("app.yml asks for %v; the code needs %v", asked, needed)
	}

	var events, handled []string
	for _, e := range spec.Events {
		events = append(events, e.Name)
	}
	for _, h := range eventHandlers {
		handled = append(handled, h.Handles()...)
	}
	sort.Strings(events)
	sort.Strings(handled)
	if !slices.Equal(events, handled) {
		t.Errorf("app.yml subscribes to %v; the handlers handle %v", events, handled)
	}
}
