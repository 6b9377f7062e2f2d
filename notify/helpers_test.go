package notify

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/internal/testutil"
)

// request is what the sink saw.
type request struct {
	at          time.Time
	contentType string
	body        []byte
}

// sink is a webhook receiver on 127.0.0.1 answering with the scripted
// statuses in turn (the last one repeats).
type sink struct {
	mu       sync.Mutex
	reqs     []request
	statuses []int
	header   http.Header
	srv      *httptest.Server
}

func newSink(t testing.TB, statuses ...int) *sink {
	t.Helper()
	s := &sink{statuses: statuses}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, request{at: time.Now(), contentType: r.Header.Get("Content-Type"), body: body})
		status := http.StatusOK
		if len(s.statuses) > 0 {
			status = s.statuses[min(len(s.reqs), len(s.statuses))-1]
		}
		for k, v := range s.header {
			w.Header()[k] = v
		}
		s.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sink) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.reqs...)
}

// testNotifier returns a Notifier with fast retries, its registry and logs.
func testNotifier(t *testing.T, url string, o Options) (*Notifier, *prometheus.Registry, *testutil.SyncBuffer) {
	t.Helper()
	reg := prometheus.NewRegistry()
	logs := &testutil.SyncBuffer{}
	o.Registerer = reg
	o.Logger = zerolog.New(logs)
	if o.Backoff == 0 {
		o.Backoff = time.Millisecond
	}
	n := New(url, o)
	t.Cleanup(func() { _ = n.Close(context.Background()) })
	return n, reg, logs
}

// closeWithin drains n, failing the test if that takes longer than d.
func closeWithin(t *testing.T, n *Notifier, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := n.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// counted reads gatehouse_notifications_total{kind,outcome} from reg.
func counted(t *testing.T, reg *prometheus.Registry, kind, outcome string) int {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "gatehouse_notifications_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["kind"] == kind && labels["outcome"] == outcome {
				return int(m.GetCounter().GetValue())
			}
		}
	}
	return 0
}

func sampleEvent() Event {
	return Event{Kind: KindSecretFound, Repo: "acme/app", PR: 7, Actor: "alice",
		What: "GitHub token in config/app.yml:12 (ghp_…(40 chars))", Link: "https://github.com/acme/app/pull/7"}
}
