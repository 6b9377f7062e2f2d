package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
	"github.com/gatehouse-sec/gatehouse/queue"
)

// retryNote is what a gate that will be retried says.
var retryNote = regexp.MustCompile(`retrying at \d\d:\d\d UTC \(attempt (\d) of (\d)\)`)

// Retries wait an hour in these tests, far longer than any of them: a test
// makes them due with retryNow when it wants them to run, instead of racing
// a short backoff.

// retryNow makes every automatic retry waiting in the server's database due
// now, as the end of its backoff would, and returns how many there were.
func (e *env) retryNow() int {
	e.t.Helper()
	n := 0
	e.withJobs(func(ctx context.Context, c *river.Client[*sql.Tx]) {
		res, err := c.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateRetryable).First(100))
		if err != nil {
			e.t.Fatalf("listing the retries: %v", err)
		}
		for _, j := range res.Jobs {
			if _, err := c.JobRetry(ctx, j.ID); err != nil {
				e.t.Fatalf("making job %d due: %v", j.ID, err)
			}
			n++
		}
	})
	return n
}

// jobCompleted reports whether the job of the delivery has completed.
func (e *env) jobCompleted(delivery string) bool {
	e.t.Helper()
	done := false
	e.withJobs(func(ctx context.Context, c *river.Client[*sql.Tx]) {
		res, err := c.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateCompleted).First(100))
		if err != nil {
			e.t.Fatalf("listing the completed jobs: %v", err)
		}
		for _, j := range res.Jobs {
			var args struct{ Delivery string }
			done = done || json.Unmarshal(j.EncodedArgs, &args) == nil && args.Delivery == delivery
		}
	})
	return done
}

// withJobs calls fn with a River client on the server's (SQLite) database
// that works no job: it only reads and changes them, as an operator would.
func (e *env) withJobs(fn func(ctx context.Context, c *river.Client[*sql.Tx])) {
	e.t.Helper()
	ctx := context.Background()
	db, err := queue.Open(ctx, e.dbURL, 1)
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	if !db.SQLite() {
		e.t.Fatalf("withJobs reads SQLite databases only, not %s", db.Where)
	}
	c, err := river.NewClient(riversqlite.New(db.SQL), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		e.t.Fatal(err)
	}
	fn(ctx, c)
}

// TestRetryWhenGitHubStaysDown: GitHub failing through every in-process
// retry fails the gate closed, saying when Gatehouse tries again; once
// GitHub is back the retry completes the gate, on the same runs.
func TestRetryWhenGitHubStaysDown(t *testing.T) {
	e := newEnv(t, withRetryBackoff(time.Hour, time.Hour))
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
	if n := e.retryNow(); n != 1 {
		t.Fatalf("%d retries waiting, want 1", n)
	}
	e.idle()
	if g := e.run(pr, "gatehouse"); g.Conclusion != "success" {
		t.Errorf("the retry with GitHub back left the gate %s:\n%s", g.Conclusion, g.Summary)
	}
	e.assertOneRunEach(pr.HeadSHA())
}

// TestRetryGivesUpAfterTheLastAttempt: when GitHub never comes back, the
// last attempt tells the user to re-run, and nothing is retried after it.
func TestRetryGivesUpAfterTheLastAttempt(t *testing.T) {
	e := newEnv(t, withRetryBackoff(time.Hour))
	pr := e.openPR("down", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503})
	e.opened(pr)
	if n := e.retryNow(); n != 1 {
		t.Fatalf("%d retries waiting after the first attempt, want 1", n)
	}
	e.idle()
	if n := strings.Count(e.logs.String(), "evaluation finished"); n != 2 {
		t.Fatalf("%d evaluations, want 2", n)
	}
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" || retryNote.MatchString(gate.Summary) {
		t.Fatalf("after the last attempt the gate is %s:\n%s", gate.Conclusion, gate.Summary)
	}
	mustContain(t, "gate summary", gate.Summary, "Gatehouse could not finish", "re-run from the Checks tab")
	if n := e.retryNow(); n != 0 {
		t.Errorf("%d retries waiting after the last attempt, want none", n)
	}
	e.assertOneRunEach(pr.HeadSHA())
}

// TestRetrySupersededByNewPush: a push evaluated while a retry waits
// makes the retry a no-op: the new head's gate stands.
func TestRetrySupersededByNewPush(t *testing.T) {
	e := newEnv(t, withRetryBackoff(time.Hour))
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
	if n := e.retryNow(); n != 1 {
		t.Fatalf("%d retries waiting, want 1", n)
	}
	e.idle()
	mustContain(t, "logs", e.logs.String(), "retry superseded")
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
	e := newEnv(t, withRetryBackoff(time.Hour), withOSV(osv.URL))
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
	if n := e.retryNow(); n != 1 {
		t.Fatalf("%d retries waiting, want 1", n)
	}
	e.idle()
	if d := e.run(pr, "gatehouse/dependencies"); strings.Contains(d.Summary, "could not finish") {
		t.Errorf("the retry with OSV back did not complete the dependencies run:\n%s", d.Summary)
	}
	if g := e.run(pr, "gatehouse"); retryNote.MatchString(g.Summary) {
		t.Errorf("the gate still announces a retry:\n%s", g.Summary)
	}
}

// TestRetryTakesTheEventsFoldedIntoIt: an event that arrives while a retry
// re-evaluates folds into it, and the retry's trailing evaluation runs for
// that event: the retry's own success must not be taken for a later
// evaluation that superseded it.
func TestRetryTakesTheEventsFoldedIntoIt(t *testing.T) {
	cs, hold := holdFirstCheck(t) // the first attempt fails before any check runs: the retry's is held
	e := newEnv(t, withRetryBackoff(time.Hour), withChecks(cs...))
	pr := e.openPR("trailing", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503, Times: 4})
	e.opened(pr)
	if m := retryNote.FindStringSubmatch(e.run(pr, "gatehouse").Summary); m == nil {
		t.Fatal("the first evaluation did not announce a retry")
	}
	if n := e.retryNow(); n != 1 {
		t.Fatalf("%d retries waiting, want 1", n)
	}
	<-hold.started // the retry is evaluating
	rv := pr.SubmitReview("reviewer", "COMMENTED", "", "one question")
	e.deliverAsync("pull_request_review", "review-1", e.gh.PullRequestReviewEvent("submitted", pr, rv))
	testutil.Eventually(t, 30*time.Second, "the review folded into the retry", func() bool { return e.jobCompleted("review-1") })
	close(hold.release)
	e.idle()
	if n := strings.Count(e.logs.String(), "evaluation finished"); n != 3 {
		t.Errorf("%d evaluations, want 3: the failed one, the retry, and the review's trailing one", n)
	}
	e.assertOneRunEach(pr.HeadSHA())
}
