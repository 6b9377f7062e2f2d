package e2e_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	_ "github.com/gatehouse-sec/gatehouse/checks/all" // the checks whose runs the binary keeps
	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/pgtest"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
)

const webhookSecret = "e2e-durable-secret"

// binary is the gatehouse command built once for the test binary.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gatehouse-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "gatehouse")
	build := exec.Command("go", "build", "-tags", "gore2regex", "-o", binary, "github.com/gatehouse-sec/gatehouse/cmd/gatehouse")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: cannot build gatehouse:", err)
		os.Exit(1)
	}
	code := m.Run()
	pgtest.Stop()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// world is a fake GitHub with one repository, and the settings its
// gatehouse children share.
type world struct {
	t    testing.TB
	gh   *githubtest.Server
	repo *githubtest.Repo
	db   string // GATEHOUSE_DATABASE_URL
	// workers is how many jobs each child runs at once (default 4).
	workers int
	// shutdown is the children's shutdown_timeout (default 20s).
	shutdown time.Duration
}

// newWorld makes a fake GitHub and a database: "sqlite" (a file in a
// temporary directory) or "postgres" (a new database on the shared server).
func newWorld(t testing.TB, driver string, opts ...githubtest.Option) *world {
	t.Helper()
	gh := githubtest.New(t, append([]githubtest.Option{githubtest.AllowViolations()}, opts...)...)
	w := &world{t: t, gh: gh, repo: gh.AddRepo("octo-org", "widgets")}
	w.repo.Commit("main", "base", "alice", map[string]*string{"README.md": githubtest.Content("hello\n")})
	switch driver {
	case "sqlite":
		w.db = "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db")
	case "postgres":
		w.db = pgtest.Shared(t).NewDatabase(t)
	default:
		t.Fatalf("unknown driver %q", driver)
	}
	w.workers, w.shutdown = 4, 20*time.Second
	return w
}

// openPR commits n files on a new branch and opens a pull request.
func (w *world) openPR(branch string, n int) *githubtest.PullRequest {
	w.t.Helper()
	w.repo.CreateBranch(branch, "main")
	files := map[string]*string{}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("src/%s/file%02d.go", branch, i)] = githubtest.Content(fmt.Sprintf("package p\n\n// F%d is generated.\nfunc F%d() int { return %d }\n", i, i, i))
	}
	w.repo.Commit(branch, "change "+branch, "dev", files)
	return w.gh.OpenPR(w.repo, githubtest.PROptions{Head: branch, Title: "PR " + branch, Author: "dev"})
}

// child is one `gatehouse serve` process.
type child struct {
	t      testing.TB
	name   string
	cmd    *exec.Cmd
	addr   string
	logs   *testutil.SyncBuffer
	exited chan struct{}
}

// freeAddr reserves a loopback port for a child to listen on.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs gatehouse serve as replica on addr and waits until it is healthy.
func (w *world) start(replica, addr string) *child {
	w.t.Helper()
	c := &child{t: w.t, name: replica, addr: addr, logs: &testutil.SyncBuffer{}, exited: make(chan struct{})}
	// Short timings so that the tests take seconds: a silent replica is
	// taken over after 2 s; retries wait 1 s.
	cfg := filepath.Join(w.t.TempDir(), "gatehouse.yml")
	yml := fmt.Sprintf("replica_timeout: 2s\ncatch_up_interval: 1m\nretry_backoff: [1s, 1s]\nevaluation_timeout: 2m\nshutdown_timeout: %s\nworkers: %d\n", w.shutdown, w.workers)
	if err := os.WriteFile(cfg, []byte(yml), 0o600); err != nil {
		w.t.Fatal(err)
	}
	c.cmd = exec.Command(binary, "serve", "--config", cfg)
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"GITHUB_V3_API_URL=" + w.gh.URL(),
		fmt.Sprintf("GITHUB_APP_INTEGRATION_ID=%d", w.gh.AppID()),
		"GITHUB_APP_PRIVATE_KEY=" + string(w.gh.PrivateKeyPEM()),
		"GITHUB_APP_WEBHOOK_SECRET=" + webhookSecret,
		"GATEHOUSE_LISTEN=" + addr,
		"GATEHOUSE_DATABASE_URL=" + w.db,
		"GATEHOUSE_REPLICA=" + replica,
		"GATEHOUSE_OSV_DIR=../checks/deps/testdata/osv",
		"GATEHOUSE_OSV_URL=http://127.0.0.1:9/unused",
		"GATEHOUSE_DEPSDEV_URL=off",
		"GATEHOUSE_LOG_LEVEL=debug",
	}
	c.cmd.Env = env
	c.cmd.Stdout, c.cmd.Stderr = c.logs, c.logs
	if err := c.cmd.Start(); err != nil {
		w.t.Fatalf("cannot start gatehouse: %v", err)
	}
	go func() { _ = c.cmd.Wait(); close(c.exited) }()
	w.t.Cleanup(func() {
		c.kill()
		if w.t.Failed() {
			logs := strings.Split(c.logs.String(), "\n")
			w.t.Logf("logs of %s (last 40 lines):\n%s", c.name, strings.Join(logs[max(0, len(logs)-40):], "\n"))
		}
	})
	testutil.Eventually(w.t, 60*time.Second, "gatehouse "+replica+" healthy", func() bool {
		select {
		case <-c.exited:
			w.t.Fatalf("gatehouse %s exited at start:\n%s", replica, c.logs.String())
		default:
		}
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return c
}

// kill ends the child with SIGKILL: no shutdown, no cleanup.
func (c *child) kill() {
	if c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.exited
}

// hook is the child's webhook URL.
func (c *child) hook() string { return "http://" + c.addr + "/api/github/hook" }

// metric returns the value of a metric line (name with labels) on /metrics.
func (c *child) metric(line string) string {
	c.t.Helper()
	resp, err := http.Get("http://" + c.addr + "/metrics")
	if err != nil {
		c.t.Fatalf("metrics of %s: %v", c.name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, line+" "); ok {
			return v
		}
	}
	return ""
}

// deliver sends a signed delivery to one child and requires a 2xx.
func (w *world) deliver(c *child, event, id string, body []byte) {
	w.t.Helper()
	if err := post(c, event, id, body); err != nil {
		w.t.Fatal(err)
	}
}

// post sends a signed delivery to one child and returns why it was not
// answered 2xx, from any goroutine.
func post(c *child, event, id string, body []byte) error {
	resp, err := githubtest.PostDelivery(c.hook(), webhookSecret, event, id, body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("delivery %s to %s answered %d", id, c.name, resp.StatusCode)
	}
	return nil
}

// sender sends deliveries at once, each on a goroutine of its own; wait
// reports, from the test's goroutine, those not answered 2xx.
type sender struct {
	t    testing.TB
	wg   sync.WaitGroup
	errs chan error
}

func (w *world) sender() *sender { return &sender{t: w.t, errs: make(chan error, 1000)} }

func (s *sender) send(c *child, event, id string, body []byte) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := post(c, event, id, body); err != nil {
			s.errs <- err
		}
	}()
}

func (s *sender) wait() {
	s.t.Helper()
	s.wg.Wait()
	close(s.errs)
	for err := range s.errs {
		s.t.Error(err)
	}
}

// holdFiles makes the fake GitHub hold every listing of a pull request's
// files until release: an evaluation reaching it has its runs in progress
// and stays there, whatever the machine's speed. The test's end releases it.
func (w *world) holdFiles() (held <-chan struct{}, release func()) {
	held, release = w.gh.Hold("GET", `/pulls/\d+/files$`)
	w.t.Cleanup(release)
	return held, release
}

// waitHeld waits until a call reaches the hold; the minute only bounds a hang.
func waitHeld(t testing.TB, held <-chan struct{}) {
	t.Helper()
	select {
	case <-held:
	case <-time.After(time.Minute):
		t.Fatal("no evaluation reached the held call within a minute")
	}
}

// gateStatus is the status of the latest gate run on sha ("" when none).
func (w *world) gateStatus(sha string) string {
	r, ok := w.gh.LatestCheckRun("octo-org", "widgets", sha, evaluation.RunGate)
	if !ok {
		return ""
	}
	return r.Status
}

// waitGate waits until every run on sha is completed.
func (w *world) waitCompleted(sha string, timeout time.Duration) {
	w.t.Helper()
	testutil.Eventually(w.t, timeout, "every run on "+sha[:7]+" completed", func() bool {
		for _, name := range evaluation.RunNames(checks.Names()...) {
			r, ok := w.gh.LatestCheckRun("octo-org", "widgets", sha, name)
			if !ok || r.Status != "completed" {
				return false
			}
		}
		return true
	})
}

// assertOneRunEach: exactly one run of each name on sha, all completed.
func (w *world) assertOneRunEach(sha string) {
	w.t.Helper()
	counts := map[string]int{}
	for _, r := range w.gh.CheckRuns("octo-org", "widgets", sha) {
		counts[r.Name]++
		if r.Status != "completed" {
			w.t.Errorf("run %s on %s is %s", r.Name, sha[:7], r.Status)
		}
	}
	for _, name := range evaluation.RunNames(checks.Names()...) {
		if counts[name] != 1 {
			w.t.Errorf("%d runs named %s on %s, want 1 (all: %v)", counts[name], name, sha[:7], counts)
		}
	}
}
