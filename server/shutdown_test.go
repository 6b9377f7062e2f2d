package server_test

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
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
	cfg.ShutdownTimeout = 30 * time.Second
	cfg.DatabaseURL = "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db")
	offline(cfg)
	srv, err := server.New(context.Background(), server.Options{Config: cfg, Checks: defaultChecks(t), Logger: zerolog.Nop()})
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

	gh.SetLatency(30 * time.Millisecond) // an evaluation takes a while
	resp := githubtest.NewDelivery(t, hook, webhookSecret, "pull_request", "d1", gh.PullRequestEvent("opened", pr, "dev"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("delivery answered %d", resp.StatusCode)
	}
	waitUntil(t, "the evaluation started", func() bool {
		return len(gh.CheckRuns("octo-org", "widgets", pr.HeadSHA())) > 0
	})
	stop()
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	gate, ok := gh.LatestCheckRun("octo-org", "widgets", pr.HeadSHA(), "gatehouse")
	if !ok || gate.Status != "completed" {
		t.Fatalf("the in-flight evaluation was not drained: %+v", gate)
	}
	if _, err := http.Post(hook, "application/json", nil); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}

// TestDuplicateAnswered200AndDropped: a delivery id already stored is
// answered 2xx (GitHub records no failure) and not evaluated again, even
// when its first copy is still being evaluated.
func TestDuplicateAnswered200AndDropped(t *testing.T) {
	e := newEnv(t)
	e.gh.SetLatency(20 * time.Millisecond)
	pr := e.openPR("dup", map[string]string{"a.txt": "a\n"})
	body := e.gh.PullRequestEvent("opened", pr, "dev")
	for i := 0; i < 3; i++ {
		resp := githubtest.NewDelivery(t, e.hook, webhookSecret, "pull_request", "same-id", body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("copy %d answered %d, want 200", i, resp.StatusCode)
		}
	}
	e.idle()
	e.assertOneRunEach(pr.HeadSHA())
	if n := strings.Count(e.logs.String(), "duplicate delivery acknowledged and dropped"); n != 2 {
		t.Errorf("%d copies dropped as duplicates, want 2", n)
	}
}
