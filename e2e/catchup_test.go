package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/testutil"
)

// TestRefusedDeliveryCaughtUp: a pull_request delivery GitHub could not
// make while gatehouse was down (connection refused) is redelivered on
// gatehouse's request after it starts, with the same GUID, and evaluated;
// a restart never asks for it again.
func TestRefusedDeliveryCaughtUp(t *testing.T) {
	t.Parallel()
	w := newWorld(t, "sqlite")
	pr := w.openPR("missed", 3)
	addr := freeAddr(t)
	w.gh.SetWebhook("http://"+addr+"/api/github/hook", webhookSecret)
	guid, status := w.gh.Deliver("pull_request", w.gh.PullRequestEvent("opened", pr, "dev"))
	if status != 0 {
		t.Fatalf("delivery to a stopped gatehouse answered %d; the test needs it refused", status)
	}
	c := w.start("solo", addr)
	w.waitCompleted(pr.HeadSHA(), 30*time.Second)
	w.assertOneRunEach(pr.HeadSHA())
	w.gh.WaitRedeliveries()
	var redeliveries int
	for _, d := range w.gh.Deliveries() {
		if d.GUID != guid {
			t.Errorf("unexpected delivery %s", d.GUID)
		}
		if d.Redelivery {
			redeliveries++
			if d.StatusCode != 200 {
				t.Errorf("the redelivery was answered %d", d.StatusCode)
			}
		}
	}
	if redeliveries != 1 {
		t.Fatalf("%d redeliveries, want 1", redeliveries)
	}
	if got := c.metric("gatehouse_redeliveries_requested_total"); got != "1" {
		t.Errorf("gatehouse_redeliveries_requested_total = %q, want 1", got)
	}
	mustLog(t, c, `"audit_event":"redelivery_requested"`, `"delivery":"`+guid+`"`)

	// Started again, it sweeps again and finds nothing left to ask for.
	c.kill()
	again := w.start("solo", addr)
	testutil.Eventually(t, 30*time.Second, "the catch-up at start", func() bool {
		return strings.Contains(again.logs.String(), "catch-up of failed deliveries done")
	})
	mustLog(t, again, `"redeliveries_requested":0`)
	w.gh.WaitRedeliveries()
	if n := len(w.gh.Deliveries()); n != 2 {
		t.Errorf("%d deliveries after the restart, want 2 (the refused one and its redelivery)", n)
	}
}

func mustLog(t *testing.T, c *child, subs ...string) {
	t.Helper()
	logs := c.logs.String()
	for _, s := range subs {
		if !strings.Contains(logs, s) {
			t.Errorf("logs of %s lack %s", c.name, s)
		}
	}
}
