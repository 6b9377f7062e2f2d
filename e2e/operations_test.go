package e2e_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/pgtest"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
)

// TestReadyzFailsWithoutTheDatabase: /readyz answers 503 while the
// database refuses connections, and 200 again once it is back.
func TestReadyzFailsWithoutTheDatabase(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "postgres")
	c := w.start("solo", freeAddr(t))
	ready := func() int {
		resp, err := http.Get("http://" + c.addr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := ready(); code != http.StatusOK {
		t.Fatalf("readyz = %d with the database up", code)
	}
	u, _ := url.Parse(w.db)
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("pgx", pgtest.Shared(t).URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	exec := func(q string) {
		if _, err := admin.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false")
	exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'")
	testutil.Eventually(t, 20*time.Second, "readyz 503", func() bool { return ready() == http.StatusServiceUnavailable })
	exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true")
	testutil.Eventually(t, 20*time.Second, "readyz 200 again", func() bool { return ready() == http.StatusOK })
}

// TestSIGTERMFinishesRunningEvaluation: SIGTERM during an evaluation stops
// intake, lets the evaluation complete the gate, and exits 0.
func TestSIGTERMFinishesRunningEvaluation(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "sqlite")
	pr := w.openPR("term", 10)
	c := w.start("solo", freeAddr(t))
	held, release := w.holdFiles()
	w.deliver(c, "pull_request", "term-1", w.gh.PullRequestEvent("opened", pr, "dev"))
	waitHeld(t, held) // the evaluation is under way and cannot finish
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	testutil.Eventually(t, 30*time.Second, "the shutdown to begin", func() bool {
		return strings.Contains(c.logs.String(), "shutting down: intake stopped")
	})
	if got := w.gateStatus(pr.HeadSHA()); got != "in_progress" {
		t.Fatalf("the gate is %q when the shutdown began; the test needs it in progress", got)
	}
	release()
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("gatehouse did not exit within 30 s of SIGTERM")
	}
	if code := c.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0", code)
	}
	if got := w.gateStatus(pr.HeadSHA()); got != "completed" {
		t.Errorf("gate %q after SIGTERM, want completed", got)
	}
	w.assertOneRunEach(pr.HeadSHA())
}

// TestSIGTERMLeavesUnfinishedWorkInTheDatabase: an evaluation that cannot
// finish within shutdown_timeout is left in progress, not failed, and the
// next process completes it.
func TestSIGTERMLeavesUnfinishedWorkInTheDatabase(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "sqlite")
	w.shutdown = time.Second
	pr := w.openPR("long", 30)
	addr := freeAddr(t)
	c := w.start("solo", addr)
	held, release := w.holdFiles()
	w.deliver(c, "pull_request", "long-1", w.gh.PullRequestEvent("opened", pr, "dev"))
	waitHeld(t, held) // the evaluation is under way and cannot finish before the shutdown timeout
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("gatehouse did not exit within 30 s of SIGTERM")
	}
	if got := w.gateStatus(pr.HeadSHA()); got != "in_progress" {
		t.Fatalf("gate %q after a shutdown that cut the evaluation short, want in_progress (left for the next process)", got)
	}
	mustLog(t, c, "job left in the database for the next process")
	release()
	w.start("solo", addr)
	w.waitCompleted(pr.HeadSHA(), 30*time.Second)
	w.assertOneRunEach(pr.HeadSHA())
	if g, _ := w.gh.LatestCheckRun("octo-org", "widgets", pr.HeadSHA(), "gatehouse"); strings.Contains(g.Summary, "could not finish") {
		t.Errorf("the gate says it could not finish:\n%s", g.Summary)
	}
}
