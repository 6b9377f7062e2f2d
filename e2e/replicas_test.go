package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
	"github.com/gatehouse-sec/gatehouse/queue"
)

// TestReplicas runs two gatehouse processes on one Postgres database, as
// two replicas behind a load balancer.
func TestReplicas(t *testing.T) {
	t.Run("same delivery to both at once makes one set of runs", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "postgres")
		pr := w.openPR("twice", 5)
		a, b := w.start("a", freeAddr(t)), w.start("b", freeAddr(t))
		w.gh.SetLatency(20 * time.Millisecond)
		body := w.gh.PullRequestEvent("opened", pr, "dev")
		s := w.sender()
		for _, c := range []*child{a, b} {
			s.send(c, "pull_request", "same-guid", body)
		}
		s.wait()
		w.waitCompleted(pr.HeadSHA(), 30*time.Second)
		w.assertOneRunEach(pr.HeadSHA())
		evaluations := func() int {
			return strings.Count(a.logs.String(), "evaluation finished") + strings.Count(b.logs.String(), "evaluation finished")
		}
		testutil.Eventually(t, 10*time.Second, "the evaluation logged", func() bool { return evaluations() > 0 })
		if n := evaluations(); n != 1 {
			t.Errorf("%d evaluations for one delivery, want 1", n)
		}
		if n := strings.Count(a.logs.String()+b.logs.String(), "duplicate delivery acknowledged and dropped"); n != 1 {
			t.Errorf("%d copies dropped as duplicates, want 1", n)
		}
	})

	t.Run("20 pull requests across both: each gate completed, evaluations never overlap", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "postgres")
		var prs []*githubtest.PullRequest
		for i := 0; i < 20; i++ {
			prs = append(prs, w.openPR(fmt.Sprintf("pr%02d", i), 3))
		}
		a, b := w.start("a", freeAddr(t)), w.start("b", freeAddr(t))
		replicas := []*child{a, b}
		w.gh.SetLatency(20 * time.Millisecond)
		// Each pull request gets "opened" on both replicas at once (one
		// GUID: stored once) and, once its evaluation began, "synchronize"
		// on one of them: two evaluations (an event stored before one began
		// would fold into it), which without a lock across replicas would
		// overlap.
		s := w.sender()
		for i, pr := range prs {
			opened := w.gh.PullRequestEvent("opened", pr, "dev")
			s.send(a, "pull_request", fmt.Sprintf("pr%02d-opened", i), opened)
			s.send(b, "pull_request", fmt.Sprintf("pr%02d-opened", i), opened)
		}
		for i, pr := range prs {
			testutil.Eventually(t, 60*time.Second, "the evaluation of "+pr.HeadSHA()[:7]+" begun", func() bool { return len(w.gateWrites(pr.HeadSHA())) > 0 })
			s.send(replicas[i%2], "pull_request", fmt.Sprintf("pr%02d-sync", i), w.gh.PullRequestEvent("synchronize", pr, "dev"))
		}
		s.wait()
		for _, pr := range prs {
			testutil.Eventually(t, 60*time.Second, "two evaluations of "+pr.HeadSHA()[:7], func() bool {
				return strings.Count(strings.Join(w.gateWrites(pr.HeadSHA()), " "), "completed") >= 2
			})
		}
		for _, pr := range prs {
			w.assertOneRunEach(pr.HeadSHA())
			if seq := w.gateWrites(pr.HeadSHA()); strings.Join(seq, " ") != "in_progress completed in_progress completed" {
				t.Errorf("gate writes of %s: %v, want two evaluations one after the other", pr.HeadSHA()[:7], seq)
			}
		}
		if t.Failed() {
			return
		}
		for _, c := range replicas {
			if !strings.Contains(c.logs.String(), "evaluation finished") {
				t.Errorf("replica %s evaluated nothing; the deliveries were not spread", c.name)
			}
		}
	})

	t.Run("an event on the other replica waits for the running evaluation", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "postgres")
		w.workers = 1 // a busy replica cannot take a second job: the other one must
		pr := w.openPR("wait", 10)
		a, b := w.start("a", freeAddr(t)), w.start("b", freeAddr(t))
		held, release := w.holdFiles()
		w.deliver(a, "pull_request", "wait-opened", w.gh.PullRequestEvent("opened", pr, "dev"))
		waitHeld(t, held) // the evaluation (either replica's worker may run it) is under way and cannot finish
		w.deliver(b, "pull_request", "wait-sync", w.gh.PullRequestEvent("synchronize", pr, "dev"))
		runnerOf(t, "wait-sync", a, b) // the replica not evaluating took the event (its one worker is free)
		release()
		testutil.Eventually(t, 60*time.Second, "two evaluations", func() bool {
			return strings.Count(strings.Join(w.gateWrites(pr.HeadSHA()), " "), "completed") >= 2
		})
		if seq := w.gateWrites(pr.HeadSHA()); strings.Join(seq, " ") != "in_progress completed in_progress completed" {
			t.Errorf("gate writes: %v, want two evaluations one after the other", seq)
		}
		w.assertOneRunEach(pr.HeadSHA())
		testutil.Eventually(t, 10*time.Second, "both evaluations logged", func() bool {
			return strings.Count(a.logs.String()+b.logs.String(), "evaluation finished") == 2
		})
		for _, c := range []*child{a, b} {
			if n := strings.Count(c.logs.String(), "evaluation finished"); n != 1 {
				t.Errorf("replica %s ran %d evaluations, want 1 each", c.name, n)
			}
		}
	})

	// Events for a pull request that reach the other replica while it is
	// evaluated wait for the lock, then fold into one trailing evaluation:
	// whichever replica's worker takes them, through the record of when the
	// last evaluation began. With four workers on b they also fold in b's
	// coalescer first.
	for _, c := range []struct {
		name     string
		workersB int
		// counted: jobs waited for the lock, and the database folded them
		// (in a coalescer's trailing run, the fold is in memory).
		counted bool
	}{{"one worker on b", 1, true}, {"four workers on b", 4, false}} {
		t.Run("events on the other replica during an evaluation fold into one trailing evaluation: "+c.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, "postgres")
			w.workers = 1
			pr := w.openPR("fold", 10)
			a := w.start("a", freeAddr(t))
			held, release := w.holdFiles()
			w.deliver(a, "pull_request", "fold-opened", w.gh.PullRequestEvent("opened", pr, "dev"))
			waitHeld(t, held) // a's evaluation outlasts b's start and the deliveries
			w.workers = c.workersB
			b := w.start("b", freeAddr(t))
			events := []string{"synchronize", "ready_for_review", "synchronize", "synchronize"}
			for i, action := range events {
				w.deliver(b, "pull_request", fmt.Sprintf("fold-%d", i), w.gh.PullRequestEvent(action, pr, "dev"))
			}
			if w.gateStatus(pr.HeadSHA()) != "in_progress" {
				t.Fatal("a's evaluation finished before the events reached b; the test proves nothing")
			}
			release()
			testutil.Eventually(t, 60*time.Second, "every delivery's job completed", func() bool { return w.deliveriesLeft() == 0 })
			w.waitCompleted(pr.HeadSHA(), 10*time.Second)
			w.assertOneRunEach(pr.HeadSHA())
			if seq := w.gateWrites(pr.HeadSHA()); strings.Join(seq, " ") != "in_progress completed in_progress completed" {
				t.Errorf("gate writes: %v, want the running evaluation and one trailing one, one after the other", seq)
			}
			if n := strings.Count(a.logs.String()+b.logs.String(), "evaluation finished"); n != 2 {
				t.Errorf("%d evaluations for %d events during one evaluation, want 2 (the running one and one trailing)", n, len(events))
			}
			if !strings.Contains(a.logs.String()+b.logs.String(), "not evaluated again") {
				t.Error("no replica logged an event folded")
			}
			if c.counted && a.metric("gatehouse_evaluations_folded_total") == "0" && b.metric("gatehouse_evaluations_folded_total") == "0" {
				t.Error("gatehouse_evaluations_folded_total is 0 on both replicas")
			}
		})
	}

	t.Run("a replica killed mid-evaluation is taken over", func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, "postgres")
		pr := w.openPR("takeover", 30)
		a, b := w.start("a", freeAddr(t)), w.start("b", freeAddr(t))
		held, release := w.holdFiles()
		w.deliver(a, "pull_request", "takeover-1", w.gh.PullRequestEvent("opened", pr, "dev"))
		waitHeld(t, held) // the evaluation is under way and cannot finish
		runner, other := runnerOf(t, "takeover-1", a, b)
		runner.kill()
		killed := time.Now()
		release()
		w.waitCompleted(pr.HeadSHA(), 2*time.Minute)
		t.Logf("replica %s completed the gate %s after %s was killed (replica_timeout 2s)", other.name, time.Since(killed).Round(time.Millisecond), runner.name)
		w.assertOneRunEach(pr.HeadSHA())
		if got := other.metric("gatehouse_evaluations_resumed_total"); got != "1" {
			t.Errorf("gatehouse_evaluations_resumed_total on %s = %q, want 1", other.name, got)
		}
		mustLog(t, other, `"audit_event":"evaluation_resumed"`, `"replica":"`+other.name+`"`)
	})
}

// deliveriesLeft counts the deliveries whose jobs are not completed.
func (w *world) deliveriesLeft() int {
	w.t.Helper()
	db, err := queue.Open(context.Background(), w.db, 4)
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'github_delivery' AND state <> 'completed'`).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

// gateWrites lists, from the fake's record, the statuses written to the
// gate run of sha in order. Every evaluation moves the gate to in_progress
// (creating it so) and then completes it, so two evaluations that overlap
// show as two in_progress or two completed in a row.
func (w *world) gateWrites(sha string) []string {
	var gateID int64
	for _, r := range w.gh.CheckRuns("octo-org", "widgets", sha) {
		if r.Name == evaluation.RunGate {
			gateID = r.ID
		}
	}
	var seq []string
	for _, c := range w.gh.Calls() {
		body := string(c.RequestBody)
		switch {
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/check-runs") && strings.Contains(body, `"name":"gatehouse"`) && strings.Contains(body, sha):
			seq = append(seq, "in_progress")
		case c.Method == "PATCH" && gateID != 0 && strings.HasSuffix(c.Path, fmt.Sprintf("/check-runs/%d", gateID)):
			switch {
			case strings.Contains(body, `"status":"completed"`):
				seq = append(seq, "completed")
			case strings.Contains(body, `"status":"in_progress"`):
				seq = append(seq, "in_progress")
			}
		}
	}
	return seq
}

// runnerOf returns the replica whose worker took the job of delivery id
// (any replica may take any job), and the other one.
func runnerOf(t testing.TB, id string, a, b *child) (runner, other *child) {
	t.Helper()
	testutil.Eventually(t, 10*time.Second, "a replica to log the job "+id, func() bool { return runnerLogged(a, id) || runnerLogged(b, id) })
	if runnerLogged(b, id) {
		return b, a
	}
	return a, b
}

// runnerLogged reports whether c's worker started the job of delivery id.
func runnerLogged(c *child, id string) bool {
	for _, line := range strings.Split(c.logs.String(), "\n") {
		if strings.Contains(line, `"github_delivery_id":"`+id+`"`) && strings.Contains(line, `"message":"job started"`) {
			return true
		}
	}
	return false
}
