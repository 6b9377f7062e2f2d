package server_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/dlp"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

func TestForkPullRequestViaCheckSuite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fork := e.repo.Fork("outsider")
	fork.CreateBranch("patch", "main")
	fork.Commit("patch", "add key", "outsider", contents(map[string]string{"deploy/id_ed25519": "k\n"}))
	pr := e.gh.OpenPR(e.repo, githubtest.PROptions{Head: "patch", HeadRepo: fork, Title: "fork", Author: "outsider"})
	// GitHub sends check suites of fork PRs with pull_requests: [].
	e.deliver("check_suite", e.gh.CheckSuiteEvent("rerequested", e.repo, pr.HeadSHA()))
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "failure" {
		t.Fatalf("gate = %s", gate.Conclusion)
	}
	e.deliver("pull_request", e.gh.PullRequestEvent("opened", pr, "outsider"))
	e.assertOneRunEach(pr.HeadSHA())
}

func TestEventsThatNeedNoEvaluation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	cases := []struct {
		name  string
		event string
		body  []byte
	}{
		{"own bot", "pull_request", e.gh.PullRequestEvent("synchronize", pr, e.gh.BotLogin())},
		{"closed", "pull_request", e.gh.PullRequestEvent("closed", pr, "dev")},
		{"title edit", "pull_request", e.gh.PullRequestEvent("edited", pr, "dev")},
		{"ordinary comment", "issue_comment", e.gh.IssueCommentEvent("created", pr, pr.AddComment("dev", "LGTM"))},
		{"unknown event", "star", []byte(`{"action":"created"}`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.deliver(c.event, c.body)
			if runs := e.gh.CheckRuns("octo-org", "widgets", pr.HeadSHA()); len(runs) != 0 {
				t.Errorf("%d runs created", len(runs))
			}
		})
	}
}

func TestBaseChangeReevaluates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo.CreateBranch("release", "main")
	e.repo.Commit("release", "strict policy", "admin", contents(map[string]string{
		".security.yml": "version: 1\ndlp:\n  forbidden: ['**/*.txt']\n",
	}))
	pr := e.openPR("feature", map[string]string{"notes.txt": "a\n"})
	e.opened(pr)
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "success" {
		t.Fatalf("gate on main = %s", gate.Conclusion)
	}
	pr.ChangeBase("release")
	e.deliver("pull_request", e.gh.PullRequestEvent("edited", pr, "dev"))
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "failure" {
		t.Errorf("gate on release = %s: the new base's policy was not applied", gate.Conclusion)
	}
}

type panicking struct{}

func (panicking) Name() string { return "panicking" }
func (panicking) Run(context.Context, *checks.ChangeSet, *config.Policy) (*checks.Result, error) {
	panic("boom: sk_live_should_never_be_echoed")
}

type slow struct{}

func (slow) Name() string { return "slow" }
func (slow) Run(ctx context.Context, _ *checks.ChangeSet, _ *config.Policy) (*checks.Result, error) {
	<-ctx.Done()
	return nil, errors.New("cancelled")
}

func TestPanicAndTimeoutFailClosed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		opts    []envOption
		run     string
		summary string
	}{
		{"panic in a check", []envOption{withChecks(panicking{}, dlp.New())}, "gatehouse/panicking", "internal error in the panicking check"},
		// Long enough that creating the runs fits in it on a loaded machine:
		// the deadline must expire in the check.
		{"timeout", []envOption{withChecks(slow{}, dlp.New()), withTimeout(2 * time.Second)}, "gatehouse", "timed out"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, c.opts...)
			pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
			e.opened(pr)
			gate := e.run(pr, "gatehouse")
			if gate.Conclusion != "failure" {
				t.Fatalf("gate = %s", gate.Conclusion)
			}
			mustContain(t, c.run+" summary", e.run(pr, c.run).Summary, c.summary)
			for _, call := range e.gh.Calls() {
				if bytes.Contains(call.RequestBody, []byte("sk_live_should")) {
					t.Fatal("the panic value reached GitHub")
				}
			}
			if strings.Contains(e.logs.String(), "sk_live_should") {
				t.Error("the panic value reached the logs")
			}
		})
	}
}

func TestRerunCostsAtMostThreeCalls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n", ".github/workflows/ci.yml": "on: push\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	used := e.gh.RateLimitUsed()
	e.deliver("check_run", e.gh.CheckRunEvent("rerequested", gate, "dev"))
	costed := e.gh.RateLimitUsed() - used
	t.Logf("re-run of the same SHA: %d calls that cost rate limit", costed)
	if costed > 3 {
		for _, c := range e.gh.Calls()[len(e.gh.Calls())-20:] {
			t.Logf("%s %s -> %d", c.Method, c.Path, c.Status)
		}
		t.Errorf("re-run cost %d rate-limited calls, want at most 3", costed)
	}
	e.assertOneRunEach(pr.HeadSHA())
}

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	base := e.hook[:len(e.hook)-len("/api/github/hook")]
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s = %d", path, resp.StatusCode)
		}
	}
}
