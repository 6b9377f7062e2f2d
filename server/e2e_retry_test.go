package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// retryNote is what a gate that will be retried says.
var retryNote = regexp.MustCompile(`retrying at \d\d:\d\d UTC \(attempt (\d) of (\d)\)`)

// eventually polls cond every 10 ms until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for: %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// latestGate is the latest gate run on sha, completed or not.
func (e *env) latestGate(sha string) githubtest.CheckRun {
	r, _ := e.gh.LatestCheckRun(e.repo.Owner(), e.repo.Name(), sha, "gatehouse")
	return r
}

// TestRetryWhenGitHubStaysDown: GitHub failing through every in-process
// retry fails the gate closed, saying when Gatehouse tries again; once
// GitHub is back the retry completes the gate, on the same runs.
func TestRetryWhenGitHubStaysDown(t *testing.T) {
	e := newEnv(t, withRetryBackoff(300*time.Millisecond, 300*time.Millisecond))
	pr := e.openPR("flaky", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s while GitHub fails", gate.Conclusion)
	}
	m := retryNote.FindStringSubmatch(gate.Summary)
	if m == nil || m[1] != "1" || m[2] != "3" {
		t.Fatalf("gate summary does not announce retry 1 of 3:\n%s", gate.Summary)
	}
	mustContain(t, "gate summary", gate.Summary, "Gatehouse could not finish: ")
	e.gh.ClearFaults()
	eventually(t, 20*time.Second, "the retry completing the gate", func() bool {
		g := e.latestGate(pr.HeadSHA())
		return g.Status == "completed" && g.Conclusion == "success"
	})
	e.idle()
	e.assertOneRunEach(pr.HeadSHA())
}

// TestRetryGivesUpAfterTheLastAttempt: when GitHub never comes back, the
// last attempt tells the user to re-run, and nothing is retried after it.
func TestRetryGivesUpAfterTheLastAttempt(t *testing.T) {
	e := newEnv(t, withRetryBackoff(200*time.Millisecond))
	pr := e.openPR("down", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503})
	e.opened(pr)
	eventually(t, 20*time.Second, "the second and last attempt", func() bool {
		return strings.Count(e.logs.String(), "evaluation finished") == 2
	})
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" || retryNote.MatchString(gate.Summary) {
		t.Fatalf("after the last attempt the gate is %s:\n%s", gate.Conclusion, gate.Summary)
	}
	mustContain(t, "gate summary", gate.Summary, "Gatehouse could not finish", "re-run from the Checks tab")
	e.assertOneRunEach(pr.HeadSHA())
}

// TestRetrySupersededByNewPush: a push evaluated while a retry waits
// makes the retry a no-op: the new head's gate stands.
func TestRetrySupersededByNewPush(t *testing.T) {
	e := newEnv(t, withRetryBackoff(time.Second))
	pr := e.openPR("pushed", map[string]string{"a.txt": "a\n"})
	// Four failures: every in-process try of the first evaluation.
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503, Times: 4})
	e.opened(pr)
	if m := retryNote.FindStringSubmatch(e.run(pr, "gatehouse").Summary); m == nil {
		t.Fatal("the first evaluation did not announce a retry")
	}
	e.repo.Commit("pushed", "fix", "dev", contents(map[string]string{"b.txt": "b\n"}))
	e.deliver("pull_request", e.gh.PullRequestEvent("synchronize", pr, "dev"))
	if g := e.run(pr, "gatehouse"); g.Conclusion != "success" {
		t.Fatalf("gate on the new head = %s", g.Conclusion)
	}
	eventually(t, 20*time.Second, "the retry to run", func() bool {
		return strings.Contains(e.logs.String(), "retry superseded")
	})
	if n := strings.Count(e.logs.String(), "evaluation finished"); n != 2 {
		t.Errorf("%d evaluations, want 2 (the failed one and the push's): the retry evaluated again", n)
	}
}

// TestRetryWhenOSVStaysDown: the dependencies check cannot reach OSV; every
// run is published (the gate fails closed and says when it retries), and
// the retry after OSV is back completes the gate.
func TestRetryWhenOSVStaysDown(t *testing.T) {
	var down atomic.Bool
	down.Store(true)
	osv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		var q struct {
			Queries []json.RawMessage `json:"queries"`
		}
		_ = json.NewDecoder(r.Body).Decode(&q)
		results := make([]map[string]any, len(q.Queries))
		for i := range results {
			results[i] = map[string]any{}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"results": results})
	}))
	defer osv.Close()
	e := newEnv(t, withRetryBackoff(300*time.Millisecond), withOSV(osv.URL))
	e.repo.Commit("main", "deps", "dev", contents(map[string]string{
		"package.json":      readCase(t, "npm-downgrade", "base", "package.json"),
		"package-lock.json": readCase(t, "npm-downgrade", "base", "package-lock.json"),
	}))
	pr := e.openPR("osv", map[string]string{
		"package.json":      readCase(t, "npm-downgrade", "head", "package.json"),
		"package-lock.json": readCase(t, "npm-downgrade", "head", "package-lock.json"),
	})
	e.opened(pr)
	deps := e.run(pr, "gatehouse/dependencies")
	gate := e.run(pr, "gatehouse")
	if deps.Conclusion != "failure" || gate.Conclusion != "failure" {
		t.Fatalf("with OSV down: dependencies %s, gate %s", deps.Conclusion, gate.Conclusion)
	}
	for what, s := range map[string]string{"dependencies": deps.Summary, "gate": gate.Summary} {
		if m := retryNote.FindStringSubmatch(s); m == nil || m[1] != "1" || m[2] != "2" {
			t.Errorf("%s summary does not announce retry 1 of 2:\n%s", what, s)
		}
	}
	if e.run(pr, "gatehouse/secrets").Conclusion != "success" {
		t.Error("the secrets run lost its own result")
	}
	down.Store(false)
	eventually(t, 20*time.Second, "the retry with OSV back", func() bool {
		d, _ := e.gh.LatestCheckRun(e.repo.Owner(), e.repo.Name(), pr.HeadSHA(), "gatehouse/dependencies")
		return d.Status == "completed" && !strings.Contains(d.Summary, "could not finish")
	})
	e.idle()
	if g := e.run(pr, "gatehouse"); retryNote.MatchString(g.Summary) {
		t.Errorf("the gate still announces a retry:\n%s", g.Summary)
	}
}

// TestRetryTakesTheEventsFoldedIntoIt: an event that arrives while a retry
// re-evaluates folds into it, and the retry's trailing evaluation runs for
// that event: the retry's own success must not be taken for a later
// evaluation that superseded it.
func TestRetryTakesTheEventsFoldedIntoIt(t *testing.T) {
	e := newEnv(t, withRetryBackoff(300*time.Millisecond))
	pr := e.openPR("trailing", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503, Times: 4})
	e.opened(pr)
	if m := retryNote.FindStringSubmatch(e.run(pr, "gatehouse").Summary); m == nil {
		t.Fatal("the first evaluation did not announce a retry")
	}
	e.gh.SetLatency(150 * time.Millisecond) // the retry's evaluation takes seconds
	retryStarted := regexp.MustCompile(`"attempt":2[^\n]*"message":"job started"`)
	eventually(t, 20*time.Second, "the retry to start", func() bool {
		return retryStarted.MatchString(e.logs.String())
	})
	rv := pr.SubmitReview("reviewer", "COMMENTED", "", "one question")
	e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("submitted", pr, rv))
	e.idle()
	if n := strings.Count(e.logs.String(), "evaluation finished"); n != 3 {
		t.Errorf("%d evaluations, want 3: the failed one, the retry, and the review's trailing one", n)
	}
	e.assertOneRunEach(pr.HeadSHA())
}
