package notify

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestDeliversSlackCompatibleJSON(t *testing.T) {
	s := newSink(t)
	n, reg, _ := testNotifier(t, s.srv.URL+"/services/T/B/x", Options{})
	n.Notify(context.Background(), sampleEvent())
	closeWithin(t, n, 5*time.Second)

	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("sink got %d requests, want 1", len(reqs))
	}
	if reqs[0].contentType != "application/json" {
		t.Errorf("Content-Type = %q", reqs[0].contentType)
	}
	var got struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(reqs[0].body, &got); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, reqs[0].body)
	}
	for _, want := range []string{"Secret found", "acme/app#7", "config/app.yml:12"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("text %q lacks %q", got.Text, want)
		}
	}
	if len(got.Blocks) != 1 || got.Blocks[0].Type != "section" || got.Blocks[0].Text.Type != "mrkdwn" {
		t.Fatalf("blocks = %+v, want one mrkdwn section", got.Blocks)
	}
	md := got.Blocks[0].Text.Text
	for _, want := range []string{":rotating_light: Secret found", "<https://github.com/acme/app/pull/7|acme/app#7>", "by alice"} {
		if !strings.Contains(md, want) {
			t.Errorf("mrkdwn %q lacks %q", md, want)
		}
	}
	if c := counted(t, reg, KindSecretFound, "sent"); c != 1 {
		t.Errorf("sent = %d, want 1", c)
	}
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name         string
		statuses     []int
		attempts     int
		wantRequests int
		wantOutcome  string
	}{
		{"two 500s then success", []int{500, 500, 200}, 5, 3, "sent"},
		{"503 then success", []int{503, 204}, 5, 2, "sent"},
		{"429 then success", []int{429, 200}, 5, 2, "sent"},
		{"gives up after the attempts", []int{500}, 3, 3, "failed"},
		{"400 is not retried", []int{400}, 5, 1, "failed"},
		{"404 is not retried", []int{404}, 5, 1, "failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSink(t, tt.statuses...)
			n, reg, logs := testNotifier(t, s.srv.URL, Options{Attempts: tt.attempts})
			n.Notify(context.Background(), sampleEvent())
			closeWithin(t, n, 5*time.Second)
			if got := len(s.requests()); got != tt.wantRequests {
				t.Errorf("sink got %d requests, want %d", got, tt.wantRequests)
			}
			if c := counted(t, reg, KindSecretFound, tt.wantOutcome); c != 1 {
				t.Errorf("%s = %d, want 1", tt.wantOutcome, c)
			}
			if tt.wantOutcome == "failed" && !strings.Contains(logs.String(), "giving up") {
				t.Errorf("failure not logged: %s", logs)
			}
		})
	}
}

// TestRetryAfter: the wait before a retry is the server's Retry-After when
// longer than the backoff, capped by MaxBackoff. The wait is read from the
// retry's log line; the gap between the two requests only bounds it from
// below, which no scheduling delay can break.
func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		maxBackoff time.Duration
		wait       time.Duration
	}{
		{"honoured over a shorter backoff", "1", 0, time.Second},
		{"capped by MaxBackoff", "3600", 50 * time.Millisecond, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSink(t, 429, 200)
			s.header = http.Header{"Retry-After": {tt.retryAfter}}
			n, reg, logs := testNotifier(t, s.srv.URL, Options{MaxBackoff: tt.maxBackoff})
			n.Notify(context.Background(), sampleEvent())
			closeWithin(t, n, time.Minute)
			reqs := s.requests()
			if len(reqs) != 2 {
				t.Fatalf("sink got %d requests, want 2", len(reqs))
			}
			if wait := loggedWait(t, logs.String()); wait != tt.wait {
				t.Errorf("waited %v before retrying, want %v", wait, tt.wait)
			}
			if gap := reqs[1].at.Sub(reqs[0].at); gap < tt.wait {
				t.Errorf("retried after %v, sooner than the %v wait", gap, tt.wait)
			}
			if c := counted(t, reg, KindSecretFound, "sent"); c != 1 {
				t.Errorf("sent = %d, want 1", c)
			}
		})
	}
}

// loggedWait is the wait that the one "retrying" log line announces.
func loggedWait(t *testing.T, logs string) time.Duration {
	t.Helper()
	var waits []time.Duration
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var l struct {
			Message string  `json:"message"`
			Wait    float64 `json:"wait"` // zerolog's unit: milliseconds
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, line)
		}
		if l.Message == "notification failed; retrying" {
			waits = append(waits, time.Duration(l.Wait*float64(time.Millisecond)))
		}
	}
	if len(waits) != 1 {
		t.Fatalf("%d retry log lines, want 1:\n%s", len(waits), logs)
	}
	return waits[0]
}

func TestNetworkErrorsAreRetriedAndNeverLogTheURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more: connection refused
	n, reg, logs := testNotifier(t, "http://"+addr+"/services/T0/B0/TOKENPART", Options{Attempts: 2})
	n.Notify(context.Background(), sampleEvent())
	closeWithin(t, n, 5*time.Second)
	if c := counted(t, reg, KindSecretFound, "failed"); c != 1 {
		t.Errorf("failed = %d, want 1", c)
	}
	out := logs.String()
	if !strings.Contains(out, "retrying") || !strings.Contains(out, "giving up") {
		t.Errorf("retry and failure not logged: %s", out)
	}
	if strings.Contains(out, "TOKENPART") {
		t.Errorf("log carries the webhook URL: %s", out)
	}
}

func TestFullQueueDropsWithoutBlocking(t *testing.T) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	defer close(release) // before the cleanups, so no handler outlives the test
	srv := newHangingSink(t, arrived, release)
	n, reg, _ := testNotifier(t, srv, Options{QueueSize: 4})
	ctx := context.Background()

	n.Notify(ctx, sampleEvent())
	<-arrived // the worker is now stuck on the hanging sink

	// The worker stays stuck until release: every call must return while it
	// is, dropping what the queue has no room for instead of waiting
	// (BenchmarkNotifyFullQueue measures how fast).
	const calls = 1000
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		for range calls {
			n.Notify(ctx, sampleEvent())
		}
	}()
	select {
	case <-returned:
	case <-time.After(time.Minute): // a hang, not a speed: the calls take microseconds
		t.Fatal("Notify blocked on a full queue")
	}
	if c := counted(t, reg, KindSecretFound, "dropped"); c != calls-4 {
		t.Errorf("dropped = %d, want %d", c, calls-4)
	}

	closeCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := n.Close(closeCtx); err == nil {
		t.Error("Close returned nil while the sink hangs")
	}
	if c := counted(t, reg, KindSecretFound, "dropped"); c != calls {
		t.Errorf("after Close, dropped = %d, want %d (the queued ones too)", c, calls)
	}
	if c := counted(t, reg, KindSecretFound, "failed"); c != 1 {
		t.Errorf("after Close, failed = %d, want 1 (the one in flight)", c)
	}
}

// newHangingSink answers nothing until release is closed or the client
// gives up, telling arrived about each request.
func newHangingSink(t testing.TB, arrived chan<- struct{}, release <-chan struct{}) string {
	t.Helper()
	s := newSink(t)
	s.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	return s.srv.URL
}

func TestCloseDrainsTheQueue(t *testing.T) {
	s := newSink(t)
	n, reg, _ := testNotifier(t, s.srv.URL, Options{})
	kinds := []string{KindSecretFound, KindForbiddenFile, KindReviewRequested, KindOverrideUsed, KindOverrideRefused, KindConfigError}
	for _, k := range kinds {
		e := sampleEvent()
		e.Kind = k
		n.Notify(context.Background(), e)
	}
	closeWithin(t, n, 5*time.Second)
	if got := len(s.requests()); got != len(kinds) {
		t.Errorf("sink got %d requests, want %d", got, len(kinds))
	}
	for _, k := range kinds {
		if c := counted(t, reg, k, "sent"); c != 1 {
			t.Errorf("sent{kind=%s} = %d, want 1", k, c)
		}
	}
	n.Notify(context.Background(), sampleEvent()) // after Close: dropped, no panic
	if c := counted(t, reg, KindSecretFound, "dropped"); c != 1 {
		t.Errorf("dropped after Close = %d, want 1", c)
	}
}

func TestNoOpNotifiers(t *testing.T) {
	s := newSink(t)
	var nilNotifier *Notifier
	tests := []struct {
		name string
		n    *Notifier
	}{
		{"nil", nilNotifier},
		{"empty URL", New("", Options{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.n.Notify(context.Background(), sampleEvent())
			if err := tt.n.Close(context.Background()); err != nil {
				t.Errorf("Close = %v", err)
			}
			tt.n.Notify(context.Background(), sampleEvent())
		})
	}
	if got := len(s.requests()); got != 0 {
		t.Errorf("sink got %d requests", got)
	}
}

func TestInvalidURLCountsFailuresWithoutPrintingIt(t *testing.T) {
	n, reg, logs := testNotifier(t, "ftp://hooks.example/secretpath", Options{})
	n.Notify(context.Background(), sampleEvent())
	if c := counted(t, reg, KindSecretFound, "failed"); c != 1 {
		t.Errorf("failed = %d, want 1", c)
	}
	if out := logs.String(); !strings.Contains(out, "notification not sent") || strings.Contains(out, "secretpath") {
		t.Errorf("log = %s", out)
	}
	if err := ValidateURL("ftp://hooks.example/secretpath"); err == nil || strings.Contains(err.Error(), "secretpath") {
		t.Errorf("ValidateURL = %v", err)
	}
}
