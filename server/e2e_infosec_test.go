package server_test

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

const infosecPolicy = "version: 1\ninfosec:\n  team: security\n  contact: \"#sec-help\"\n"

// infosecEnv has a security team with read access and the policy naming it.
func infosecEnv(t *testing.T, opts ...envOption) *env {
	e := newEnv(t, opts...)
	team := e.gh.AddTeam("octo-org", "security", "sec-alice", "sec-bob")
	team.Grant(e.repo, "pull")
	e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": infosecPolicy}))
	return e
}

func TestTeamRequestedOnceAcrossEvaluations(t *testing.T) {
	t.Parallel()
	e := infosecEnv(t)
	pr := e.openPR("ci", map[string]string{".github/workflows/ci.yml": "on: push\n"})
	e.opened(pr)
	e.repo.Push("ci", "more", "dev", contents(map[string]string{"README.md": "x\n"}))
	e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
	e.repo.Push("ci", "again", "dev", contents(map[string]string{".github/workflows/ci.yml": "on: [push]\n"}))
	e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
	if n := e.gh.CallCount("POST", `/pulls/\d+/requested_reviewers`); n != 1 {
		t.Errorf("requested reviewers %d times across three evaluations, want 1", n)
	}
	if got := e.gh.RequestedReviewers("octo-org", "widgets", pr.Number()); strings.Join(got.Teams, ",") != "security" {
		t.Errorf("requested teams = %v", got.Teams)
	}
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "action_required" {
		t.Errorf("gate = %s", gate.Conclusion)
	}
	comments := e.gh.Comments("octo-org", "widgets", pr.Number())
	if len(comments) != 1 {
		t.Fatalf("%d comments, want exactly one updated in place", len(comments))
	}
	mustContain(t, "comment", comments[0].Body, ".github/workflows/ci.yml", "#sec-help", "@octo-org/security", "What unblocks it")
	if labels := e.gh.Labels("octo-org", "widgets", pr.Number()); strings.Join(labels, ",") != "security-review" {
		t.Errorf("labels = %v", labels)
	}
}

func TestApprovals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		approver string
		then     func(e *env, pr *githubtest.PullRequest)
		want     string
		summary  string
	}{
		{name: "non-member approval does not count", approver: "random-dev", want: "action_required", summary: "does not count: not a member of InfoSec"},
		{name: "member approval opens the gate", approver: "sec-alice", want: "success", summary: "1 of 1 approvals: @sec-alice"},
		{name: "sensitive push makes it stale", approver: "sec-alice", want: "action_required", summary: "is stale: commit",
			then: func(e *env, pr *githubtest.PullRequest) {
				e.repo.Push("ci", "change ci", "dev", contents(map[string]string{".github/workflows/ci.yml": "on: [pull_request]\n"}))
				e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
			}},
		{name: "unrelated push keeps it", approver: "sec-bob", want: "success", summary: "1 of 1 approvals: @sec-bob",
			then: func(e *env, pr *githubtest.PullRequest) {
				e.repo.Push("ci", "docs", "dev", contents(map[string]string{"docs/x.md": "x\n"}))
				e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
			}},
		{name: "dismissal closes it again", approver: "sec-alice", want: "action_required",
			then: func(e *env, pr *githubtest.PullRequest) {
				rv := pr.DismissReview(pr.Reviews()[0].ID)
				e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("dismissed", pr, rv))
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := infosecEnv(t)
			pr := e.openPR("ci", map[string]string{".github/workflows/ci.yml": "on: push\n"})
			e.opened(pr)
			rv := pr.SubmitReview(c.approver, "APPROVED", "", "ok")
			e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("submitted", pr, rv))
			if c.then != nil {
				c.then(e, pr)
			}
			gate := e.run(pr, "gatehouse")
			if gate.Conclusion != c.want {
				t.Fatalf("gate = %s %q\n%s", gate.Conclusion, gate.Title, gate.Summary)
			}
			if c.summary != "" {
				mustContain(t, "gate summary", gate.Summary, c.summary)
			}
		})
	}
}

func TestAuthorInTeamIsNotRequested(t *testing.T) {
	t.Parallel()
	e := infosecEnv(t)
	e.repo.CreateBranch("ci", "main")
	e.repo.Commit("ci", "ci", "sec-alice", contents(map[string]string{".github/workflows/ci.yml": "on: push\n"}))
	pr := e.gh.OpenPR(e.repo, githubtest.PROptions{Head: "ci", Title: "ci", Author: "sec-alice"})
	e.opened(pr)
	rv := pr.SubmitReview("sec-alice", "APPROVED", "", "self")
	e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("submitted", pr, rv))
	got := e.gh.RequestedReviewers("octo-org", "widgets", pr.Number())
	for _, u := range got.Users {
		if u == "sec-alice" {
			t.Error("the author was requested")
		}
	}
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "action_required" {
		t.Errorf("self-approval opened the gate: %s", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, "cannot approve their own pull request")
}

func TestReviewRequestProblemsAreExplained(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		opts    []envOption
		grant   bool
		summary string
	}{
		{"team without access", nil, false, "has no access to `octo-org/widgets`"},
		{"app lacks members read", []envOption{withFake(githubtest.TeamMembersForbidden())}, true, "Members: read"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, c.opts...)
			team := e.gh.AddTeam("octo-org", "security", "sec-alice")
			if c.grant {
				team.Grant(e.repo, "pull")
			}
			e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": infosecPolicy}))
			pr := e.openPR("ci", map[string]string{".github/workflows/ci.yml": "on: push\n"})
			e.opened(pr)
			if c.grant {
				rv := pr.SubmitReview("sec-alice", "APPROVED", "", "ok")
				e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("submitted", pr, rv))
			}
			gate := e.run(pr, "gatehouse")
			if gate.Conclusion != "action_required" {
				t.Errorf("gate = %s", gate.Conclusion)
			}
			mustContain(t, "gate summary", gate.Summary, c.summary)
		})
	}
}

func TestOverride(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		act    func(e *env, pr *githubtest.PullRequest)
		want   string
		reply  string
		labels string
	}{
		{name: "member comment", want: "success", act: func(e *env, pr *githubtest.PullRequest) {
			e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("sec-bob", "/gatehouse override incident 4711, rotating after merge")))
		}},
		{name: "member label", want: "success", labels: "security-override", act: func(e *env, pr *githubtest.PullRequest) {
			pr.AddLabel("security-override")
			e.deliver("pull_request", e.gh.PullRequestLabeledEvent("labeled", pr, "security-override", "sec-alice"))
		}},
		{name: "non-member comment refused", want: "failure", reply: "only InfoSec members", act: func(e *env, pr *githubtest.PullRequest) {
			e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("dev", "/gatehouse override I know what I'm doing")))
		}},
		{name: "non-member label removed", want: "failure", reply: "only InfoSec members", act: func(e *env, pr *githubtest.PullRequest) {
			pr.AddLabel("security-override")
			e.deliver("pull_request", e.gh.PullRequestLabeledEvent("labeled", pr, "security-override", "dev"))
		}},
		{name: "no reason refused", want: "failure", reply: "needs a reason", act: func(e *env, pr *githubtest.PullRequest) {
			e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("sec-bob", "/gatehouse override")))
		}},
		{name: "override covers one commit", want: "failure", act: func(e *env, pr *githubtest.PullRequest) {
			e.deliver("issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("sec-bob", "/gatehouse override hotfix")))
			e.repo.Push("leak", "more", "dev", contents(map[string]string{"b.txt": "b\n"}))
			e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := infosecEnv(t)
			pr := e.openPR("leak", map[string]string{"id_rsa": "k\n"})
			e.opened(pr)
			c.act(e, pr)
			gate := e.run(pr, "gatehouse")
			if gate.Conclusion != c.want {
				t.Fatalf("gate = %s %q", gate.Conclusion, gate.Title)
			}
			if c.want == "success" {
				mustContain(t, "gate summary", gate.Summary, "Overridden by @")
				mustContain(t, "logs", e.logs.String(), `"audit_event":"override_used"`)
			}
			if c.reply != "" {
				var bodies []string
				for _, cm := range e.gh.Comments("octo-org", "widgets", pr.Number()) {
					bodies = append(bodies, cm.Body)
				}
				mustContain(t, "comments", strings.Join(bodies, "\n"), c.reply)
				mustContain(t, "logs", e.logs.String(), `"audit_event":"override_refused"`)
			}
			if got := strings.Join(e.gh.Labels("octo-org", "widgets", pr.Number()), ","); got != c.labels {
				t.Errorf("labels = %q, want %q", got, c.labels)
			}
		})
	}
}

func TestHumanRemovedReviewerIsNotRequestedAgain(t *testing.T) {
	t.Parallel()
	e := infosecEnv(t, withFake(githubtest.ValidateResponses()))
	pr := e.openPR("ci", map[string]string{".github/workflows/ci.yml": "on: push\n"})
	e.opened(pr)
	pr.RemoveReviewRequest("maintainer", nil, []string{"security"})
	e.repo.Push("ci", "again", "dev", contents(map[string]string{".github/workflows/ci.yml": "on: [push]\n"}))
	e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
	if n := e.gh.CallCount("POST", `/pulls/\d+/requested_reviewers`); n != 1 {
		t.Errorf("requested %d times; a person removed the team and it was requested again", n)
	}
	if got := e.gh.RequestedReviewers("octo-org", "widgets", pr.Number()); len(got.Teams) != 0 {
		t.Errorf("teams requested = %v", got.Teams)
	}
}
