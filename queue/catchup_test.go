package queue

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// TestCatchUpAsksOncePerFailedEvent: 130 events GitHub could not deliver
// (more than a page of the cursor-paginated list), one more whose first
// attempt failed but a later one succeeded: the sweep asks to redeliver
// each of the 130 once, never the delivered one, and a second sweep (any
// replica) asks for nothing.
func TestCatchUpAsksOncePerFailedEvent(t *testing.T) {
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			testCatchUp(t, driver)
		})
	}
}

func testCatchUp(t *testing.T, driver string) {
	gh := githubtest.New(t, githubtest.ValidateResponses())
	var down atomic.Bool
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	defer app.Close()
	gh.SetWebhook(app.URL, "secret")
	down.Store(true)
	failed := map[string]bool{}
	for i := 0; i < 130; i++ {
		guid, _ := gh.Deliver("pull_request", []byte(fmt.Sprintf(`{"action":"opened","number":%d}`, i)))
		failed[guid] = true
	}
	late, _ := gh.Deliver("pull_request", []byte(`{"action":"synchronize"}`))
	down.Store(false)
	ids := map[string]int64{}
	for _, d := range gh.Deliveries() {
		ids[d.GUID] = d.ID
	}
	var cfg githubapp.Config
	cfg.V3APIURL = gh.URL()
	cfg.App.IntegrationID = gh.AppID()
	cfg.App.PrivateKey = string(gh.PrivateKeyPEM())
	clients, err := githubapp.NewDefaultCachingClientCreator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	client, _ := clients.NewAppClient()
	if _, _, err := client.Apps.RedeliverHookDelivery(context.Background(), ids[late]); err != nil && !isAccepted(err) {
		t.Fatal(err)
	}
	gh.WaitRedeliveries() // the late event is now delivered

	db := openDB(t, driver)
	reg := prometheus.NewRegistry()
	q, err := New(Options{DB: db, CatchUp: &CatchUp{Clients: clients}, Registry: reg, Logger: zerolog.Nop(), Audit: zerologAudit(t)})
	if err != nil {
		t.Fatal(err)
	}
	before := len(gh.Deliveries())
	n, err := q.catchUp(context.Background())
	if err != nil || n != 130 {
		t.Fatalf("first sweep requested %d (%v), want 130", n, err)
	}
	gh.WaitRedeliveries()
	asked := map[string]int{}
	for _, d := range gh.Deliveries()[before:] {
		asked[d.GUID]++
		if !d.Redelivery {
			t.Errorf("delivery %d of %s is not marked as a redelivery", d.ID, d.GUID)
		}
	}
	for guid := range failed {
		if asked[guid] != 1 {
			t.Errorf("%s redelivered %d times, want 1", guid, asked[guid])
		}
	}
	if asked[late] != 0 {
		t.Errorf("an event delivered since was redelivered")
	}
	if got := testutil.ToFloat64(q.metrics.redeliveries); got != 130 {
		t.Errorf("gatehouse_redeliveries_requested_total = %v, want 130", got)
	}
	if n, err := q.catchUp(context.Background()); err != nil || n != 0 {
		t.Errorf("second sweep requested %d (%v), want 0", n, err)
	}
}
