package e2e_test

import (
	"strings"
	"testing"
	"time"
)

// TestKilledMidEvaluationResumes: gatehouse killed with SIGKILL while it
// evaluates a 30-file pull request, then started again on the same
// database: the job it was running is resumed within 30 s of the restart,
// the gate completes, and the SHA keeps one run of each name.
func TestKilledMidEvaluationResumes(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, driver)
			pr := w.openPR("slow", 30)
			addr := freeAddr(t)
			first := w.start("solo", addr)
			held, release := w.holdFiles()
			w.deliver(first, "pull_request", "crash-1", w.gh.PullRequestEvent("opened", pr, "dev"))
			waitHeld(t, held) // the evaluation is under way and cannot finish
			first.kill()
			if got := w.gateStatus(pr.HeadSHA()); got != "in_progress" {
				t.Fatalf("the gate is %q right after the kill; the test needs it in progress", got)
			}
			release()
			second := w.start("solo", addr)
			healthy := time.Now()
			w.waitCompleted(pr.HeadSHA(), 30*time.Second)
			t.Logf("%s: gate completed %s after the restarted server was healthy", driver, time.Since(healthy).Round(time.Millisecond))
			w.assertOneRunEach(pr.HeadSHA())
			if got := second.metric("gatehouse_evaluations_resumed_total"); got != "1" {
				t.Errorf("gatehouse_evaluations_resumed_total = %q, want 1", got)
			}
			if !strings.Contains(second.logs.String(), `"audit_event":"evaluation_resumed"`) {
				t.Error("no evaluation_resumed audit event")
			}
		})
	}
}
