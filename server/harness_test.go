package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/all"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/httpx"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
	"github.com/gatehouse-sec/gatehouse/server"
)

const webhookSecret = "e2e-webhook-secret"

// env is the real Gatehouse server wired to a fake GitHub, driven through
// signed deliveries, as GitHub would.
type env struct {
	t      testing.TB
	gh     *githubtest.Server
	srv    *server.Server
	hook   string
	logs   *testutil.SyncBuffer
	repo   *githubtest.Repo
	nextID atomic.Int64
	dbURL  string
	// runNames are the runs the server keeps on a head SHA, gate first.
	runNames []string
}

type envOption func(*envConfig)

type envConfig struct {
	gh         []githubtest.Option
	checks     []checks.Check
	registered bool
	timeout    time.Duration
	workers    int
	queue      int
	notify     string
	audit      string
	wrap       func(http.Handler) http.Handler
	backoff    []time.Duration
	osvURL     string
	dbURL      string
}

func withFake(o ...githubtest.Option) envOption {
	return func(c *envConfig) { c.gh = append(c.gh, o...) }
}

func withChecks(cs ...checks.Check) envOption { return func(c *envConfig) { c.checks = cs } }

// withRegisteredChecks runs every check registered in this test binary, as
// server.BuildChecks makes them.
func withRegisteredChecks() envOption { return func(c *envConfig) { c.registered = true } }

func withTimeout(d time.Duration) envOption { return func(c *envConfig) { c.timeout = d } }

func withNotify(url string) envOption { return func(c *envConfig) { c.notify = url } }

func withAuditFile(path string) envOption { return func(c *envConfig) { c.audit = path } }

func withWrap(w func(http.Handler) http.Handler) envOption {
	return func(c *envConfig) { c.wrap = w }
}

// withRetryBackoff sets the waits before automatic retries (default 1m, 2m, …).
func withRetryBackoff(ds ...time.Duration) envOption { return func(c *envConfig) { c.backoff = ds } }

// withOSV queries an OSV API at url instead of the vendored records.
func withOSV(url string) envOption { return func(c *envConfig) { c.osvURL = url } }

// withDatabase keeps state in url instead of a SQLite file of the test's own.
func withDatabase(url string) envOption { return func(c *envConfig) { c.dbURL = url } }

func withQueue(workers, queue int) envOption {
	return func(c *envConfig) { c.workers, c.queue = workers, queue }
}

// offline makes cfg touch no internet: advisories come from the vendored
// OSV records, licences are not looked up.
func offline(cfg *config.Server) {
	cfg.OSVDir = "../checks/deps/testdata/osv"
	cfg.OSVURL = "http://127.0.0.1:9/unused"
	cfg.DepsDevURL = "off"
}

var (
	checksOnce    sync.Once
	sharedChecks  []checks.Check
	sharedChecksE error
)

// defaultChecks returns the engines an offline server builds, built once:
// they hold no per-evaluation state (a server runs them concurrently for
// all its workers), and compiling the secret rules once per test cost more
// than many of the tests. They are Gatehouse's own checks: this test binary
// also registers one of its own (see e2e_registry_test.go), which runs only
// where a test asks for it.
func defaultChecks(t testing.TB) []checks.Check {
	t.Helper()
	checksOnce.Do(func() {
		cfg := config.DefaultServer()
		offline(cfg)
		sharedChecks, sharedChecksE = checks.Build(cfg, all.Registrations)
	})
	if sharedChecksE != nil {
		t.Fatalf("BuildChecks: %v", sharedChecksE)
	}
	return sharedChecks
}

func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	return newEnvTB(t, opts...)
}

func newEnvTB(t testing.TB, opts ...envOption) *env {
	t.Helper()
	ec := envConfig{timeout: 30 * time.Second, workers: 2, queue: 100}
	for _, o := range opts {
		o(&ec)
	}
	gh := githubtest.New(t, ec.gh...)
	cfg := config.DefaultServer()
	cfg.GitHub.V3APIURL = gh.URL()
	cfg.GitHub.App.IntegrationID = gh.AppID()
	cfg.GitHub.App.PrivateKey = string(gh.PrivateKeyPEM())
	cfg.GitHub.App.WebhookSecret = webhookSecret
	cfg.Workers, cfg.QueueSize = ec.workers, ec.queue
	cfg.EvaluationTimeout = ec.timeout
	offline(cfg)
	cfg.NotifyURL, cfg.AuditFile = ec.notify, ec.audit
	cfg.DatabaseURL = "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db")
	if ec.dbURL != "" {
		cfg.DatabaseURL = ec.dbURL
	}
	if ec.backoff != nil {
		cfg.RetryBackoff = ec.backoff
	}
	if ec.osvURL != "" {
		cfg.OSVDir, cfg.OSVURL = "", ec.osvURL
	}
	switch {
	case ec.registered:
		cs, err := server.BuildChecks(cfg)
		if err != nil {
			t.Fatalf("BuildChecks: %v", err)
		}
		ec.checks = cs
	case ec.checks == nil && ec.osvURL != "":
		// The shared engines read the vendored records; this test's OSV is its own.
		cs, err := checks.Build(cfg, all.Registrations)
		if err != nil {
			t.Fatalf("BuildChecks: %v", err)
		}
		ec.checks = cs
	case ec.checks == nil:
		ec.checks = defaultChecks(t)
	}
	logs := &testutil.SyncBuffer{}
	logger := zerolog.New(logs).Level(zerolog.DebugLevel)
	srv, err := server.New(context.Background(), server.Options{
		Config: cfg, Checks: ec.checks, Logger: logger,
		Retry: &httpx.RetryPolicy{Attempts: 4, Backoff: 5 * time.Millisecond, MaxWait: 5 * time.Second},
	})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	h := srv.Handler()
	if ec.wrap != nil {
		h = ec.wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.WaitIdle(30 * time.Second)
		hs.Close()
		srv.Close()
		if t.Failed() {
			t.Logf("server logs:\n%s", logs.String())
		}
	})
	names := make([]string, len(ec.checks))
	for i, c := range ec.checks {
		names[i] = c.Name()
	}
	return &env{t: t, gh: gh, srv: srv, hook: hs.URL + "/api/github/hook", logs: logs, repo: gh.AddRepo("octo-org", "widgets"),
		dbURL: cfg.DatabaseURL, runNames: evaluation.RunNames(names...)}
}

// deliver sends a signed delivery with a fresh id and waits until the server
// has finished every evaluation it caused.
func (e *env) deliver(event string, body []byte) *http.Response {
	e.t.Helper()
	resp := e.deliverAsync(event, fmt.Sprintf("delivery-%d", e.nextID.Add(1)), body)
	e.idle()
	return resp
}

func (e *env) deliverAsync(event, id string, body []byte) *http.Response {
	e.t.Helper()
	resp := githubtest.NewDelivery(e.t, e.hook, webhookSecret, event, id, body)
	if resp.StatusCode >= 300 {
		e.t.Fatalf("delivery %s %s answered %d", event, id, resp.StatusCode)
	}
	return resp
}

// idle waits until the server has finished every evaluation it has started
// or has waiting. The bound only catches a hang: on a loaded 2-core machine
// running the race detector, 200 deliveries waited over a minute for a worker.
func (e *env) idle() {
	e.t.Helper()
	if !e.srv.WaitIdle(5 * time.Minute) {
		e.t.Fatal("server did not finish its evaluations within 5 minutes")
	}
}

// openPR commits files on a new branch and opens a pull request from it.
func (e *env) openPR(branch string, files map[string]string) *githubtest.PullRequest {
	e.t.Helper()
	e.repo.CreateBranch(branch, "main")
	e.repo.Commit(branch, "change "+branch, "dev", contents(files))
	return e.gh.OpenPR(e.repo, githubtest.PROptions{Head: branch, Title: "PR " + branch, Author: "dev"})
}

// opened delivers pull_request.opened for pr.
func (e *env) opened(pr *githubtest.PullRequest) {
	e.t.Helper()
	e.deliver("pull_request", e.gh.PullRequestEvent("opened", pr, "dev"))
}

// run returns the latest run of name on pr's head, which must be completed.
func (e *env) run(pr *githubtest.PullRequest, name string) githubtest.CheckRun {
	e.t.Helper()
	r, ok := e.gh.LatestCheckRun(e.repo.Owner(), e.repo.Name(), pr.HeadSHA(), name)
	if !ok {
		e.t.Fatalf("no %s run on %s", name, pr.HeadSHA())
	}
	if r.Status != "completed" {
		e.t.Fatalf("%s run is %s, want completed", name, r.Status)
	}
	return r
}

// assertRuns checks that the head SHA has exactly one run of each name.
func (e *env) assertOneRunEach(sha string) {
	e.t.Helper()
	counts := map[string]int{}
	for _, r := range e.gh.CheckRuns(e.repo.Owner(), e.repo.Name(), sha) {
		counts[r.Name]++
	}
	for _, name := range e.runNames {
		if counts[name] != 1 {
			e.t.Errorf("%d runs named %s on %s, want 1 (all: %v)", counts[name], name, sha, counts)
		}
	}
}

func contents(files map[string]string) map[string]*string {
	out := make(map[string]*string, len(files))
	for p, c := range files {
		if c == "\x00delete" {
			out[p] = nil
			continue
		}
		out[p] = githubtest.Content(c)
	}
	return out
}

// mustContain is testutil.MustContain under the name this package's tests use.
var mustContain = testutil.MustContain
