package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/testutil"
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
			w.gh.SetLatency(150 * time.Millisecond) // an evaluation takes seconds
			w.deliver(first, "pull_request", "crash-1", w.gh.PullRequestEvent("opened", pr, "dev"))
			testutil.Eventually(t, 30*time.Second, "the gate in progress", func() bool { return w.gateStatus(pr.HeadSHA()) == "in_progress" })
			first.kill()
			if got := w.gateStatus(pr.HeadSHA()); got != "in_progress" {
				t.Fatalf("the gate is %q right after the kill; the test needs it in progress", got)
			}
			w.gh.SetLatency(10 * time.Millisecond)
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
