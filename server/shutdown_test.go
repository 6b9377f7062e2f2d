package server_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/handlers/githubtest"
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

// TestFullQueueAnswers503: with every worker busy and the queue full, a
// delivery is refused with 503 (GitHub records it as failed and it can be
// redelivered), and the redelivery of that same id is accepted later.
func TestFullQueueAnswers503(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withQueue(1, 1))
	e.gh.SetLatency(40 * time.Millisecond)
	var bodies [][]byte
	for i := 0; i < 4; i++ {
		pr := e.openPR("b"+string(rune('a'+i)), map[string]string{"a.txt": "a\n"})
		bodies = append(bodies, e.gh.PullRequestEvent("opened", pr, "dev"))
	}
	var refused string
	for i, b := range bodies {
		id := "q" + string(rune('0'+i))
		resp := githubtest.NewDelivery(t, e.hook, webhookSecret, "pull_request", id, b)
		if resp.StatusCode == http.StatusServiceUnavailable {
			refused = id
			break
		}
	}
	if refused == "" {
		t.Fatal("no delivery was refused with a full queue")
	}
	e.idle()
	resp := githubtest.NewDelivery(t, e.hook, webhookSecret, "pull_request", refused, bodies[len(bodies)-1])
	if resp.StatusCode != http.StatusOK {
		t.Errorf("redelivery of a refused delivery answered %d", resp.StatusCode)
	}
	e.idle()
}
