package appsetup_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildGatehouse builds the gatehouse binary with the test binary's own
// -tags and -race, so the build reuses the packages already compiled.
func buildGatehouse(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gatehouse")
	args := []string{"build", "-o", bin}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "-tags" && s.Value != "":
				args = append(args, "-tags", s.Value)
			case s.Key == "-race" && s.Value == "true":
				args = append(args, "-race")
			}
		}
	}
	cmd := exec.Command("go", append(args, "../cmd/gatehouse")...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Test-only modules never reach the binary.
	deps, err := exec.Command("go", "version", "-m", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, deps)
	}
	for _, mod := range []string{"github.com/chromedp/chromedp", "github.com/chromedp/cdproto"} {
		if strings.Contains(string(deps), mod) {
			t.Errorf("the gatehouse binary links %s", mod)
		}
	}
	return bin
}

// serveReady runs `gatehouse serve --env-file envFile` as a child process
// with an otherwise empty environment and waits for /readyz to answer 200.
func serveReady(t *testing.T, envFile string) {
	t.Helper()
	bin := buildGatehouse(t)
	cmd := exec.Command(bin, "serve", "--env-file", envFile)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir, "GATEHOUSE_LISTEN=127.0.0.1:0"}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr logBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	// serve logs its address once it listens, after authenticating as the App.
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var line struct{ Message, Listen string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Message == "gatehouse serving" {
				addr <- line.Listen
			}
		}
		close(addr)
	}()
	var a string
	select {
	case a = <-addr:
	case <-time.After(60 * time.Second):
	}
	if a == "" {
		t.Fatalf("gatehouse serve did not start:\n%s", stderr.String())
	}
	resp, err := http.Get("http://" + a + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz answered %d %s", resp.StatusCode, body)
	}
}

// logBuffer is a goroutine-safe buffer for a child's stderr.
type logBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

func strconvI(n int64) string { return strconv.FormatInt(n, 10) }

func keysOf(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
