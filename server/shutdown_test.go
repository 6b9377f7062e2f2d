package server_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
	"github.com/gatehouse-sec/gatehouse/server"
)

// TestShutdownDrains: on SIGTERM (the context ending) the server stops taking
// deliveries and finishes the evaluation in flight before Serve returns.
func TestShutdownDrains(t *testing.T) {
	t.Parallel()
	gh := githubtest.New(t)
	repo := gh.AddRepo("octo-org", "widgets")
	repo.CreateBranch("feature", "main")
	repo.Commit("feature", "x", "dev", contents(map[string]string{"a.txt": "a\n"}))
	pr := gh.OpenPR(repo, githubtest.PROptions{Head: "feature", Title: "x", Author: "dev"})
	cfg := config.DefaultServer()
	cfg.GitHub.V3APIURL = gh.URL()
	cfg.GitHub.App.IntegrationID = gh.AppID()
	cfg.GitHub.App.PrivateKey = string(gh.PrivateKeyPEM())
	cfg.GitHub.App.WebhookSecret = webhookSecret
	cfg.ShutdownTimeout = 2 * time.Minute // far past the test: the drain must not end by the deadline
	cfg.DatabaseURL = "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db")
	offline(cfg)
	cs, hold := holdFirstCheck(t)
	logs := &testutil.SyncBuffer{}
	srv, err := server.New(context.Background(), server.Options{Config: cfg, Checks: cs, Logger: zerolog.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, l) }()
	hook := "http://" + l.Addr().String() + "/api/github/hook"

	resp := githubtest.NewDelivery(t, hook, webhookSecret, "pull_request", "d1", gh.PullRequestEvent("opened", pr, "dev"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("delivery answered %d", resp.StatusCode)
	}
	<-hold.started // the evaluation is in flight, and stays so until released
	stop()
	testutil.Eventually(t, 30*time.Second, "the server to stop taking connections", func() bool {
		c, err := net.Dial("tcp", l.Addr().String())
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) while an evaluation was in flight", err)
	default:
	}
	close(hold.release)
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if hold.cancelled.Load() {
		t.Error("the in-flight evaluation was cancelled instead of drained")
	}
	gate, ok := gh.LatestCheckRun("octo-org", "widgets", pr.HeadSHA(), "gatehouse")
	if !ok || gate.Status != "completed" || gate.Conclusion != "success" {
		t.Fatalf("the in-flight evaluation was not drained: %+v", gate)
	}
	mustContain(t, "logs", logs.String(), "shutting down: intake stopped", "drained; bye")
}

// heldCheck wraps a check: its first run waits until release is closed, so
// that a test knows an evaluation is in flight for as long as it needs.
type heldCheck struct {
	checks.Check
	started   chan struct{} // closed when the first run begins
	release   chan struct{}
	once      sync.Once
	cancelled atomic.Bool // the evaluation's context ended while held
}

func (h *heldCheck) Run(ctx context.Context, cs *checks.ChangeSet, p *config.Policy) (*checks.Result, error) {
	first := false
	h.once.Do(func() { first = true; close(h.started) })
	if first {
		select {
		case <-h.release:
		case <-ctx.Done():
			h.cancelled.Store(true)
			return nil, ctx.Err()
		}
	}
	return h.Check.Run(ctx, cs, p)
}

// holdFirstCheck returns the offline engines with the first one held; the
// hold is released at the test's end if the test has not released it.
func holdFirstCheck(t *testing.T) ([]checks.Check, *heldCheck) {
	t.Helper()
	cs := slices.Clone(defaultChecks(t))
	h := &heldCheck{Check: cs[0], started: make(chan struct{}), release: make(chan struct{})}
	cs[0] = h
	t.Cleanup(func() {
		select {
		case <-h.release:
		default:
			close(h.release)
		}
	})
	return cs, h
}

// TestDuplicateAnswered200AndDropped: a delivery id already stored is
// answered 2xx (GitHub records no failure) and not evaluated again, even
// when its first copy is still being evaluated.
func TestDuplicateAnswered200AndDropped(t *testing.T) {
	cs, hold := holdFirstCheck(t)
	e := newEnv(t, withChecks(cs...))
	pr := e.openPR("dup", map[string]string{"a.txt": "a\n"})
	body := e.gh.PullRequestEvent("opened", pr, "dev")
	for i := 0; i < 3; i++ {
		if i == 1 {
			<-hold.started // the first copy is being evaluated
		}
		resp := githubtest.NewDelivery(t, e.hook, webhookSecret, "pull_request", "same-id", body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("copy %d answered %d, want 200", i, resp.StatusCode)
		}
	}
	close(hold.release)
	e.idle()
	e.assertOneRunEach(pr.HeadSHA())
	if n := strings.Count(e.logs.String(), "duplicate delivery acknowledged and dropped"); n != 2 {
		t.Errorf("%d copies dropped as duplicates, want 2", n)
	}
}
