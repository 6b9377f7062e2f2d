// Package testutil holds the helpers that the test harnesses of several
// packages share (server, e2e, notify). Only _test.go files import it: the
// gatehouse binary never links it (cmd/gatehouse's TestBinaryLinksNoTestSupport).
package testutil

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// SyncBuffer is a bytes.Buffer that goroutines may write while a test reads
// it: the logs of a server or a child process under test.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// MustContain reports an error, naming what s is, for each of subs that s
// lacks.
func MustContain(t testing.TB, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, s)
		}
	}
}

// Eventually checks cond every 10 ms until it holds, for what the code under
// test does on its own time and shows only in state the test can read (a
// check run on the fake GitHub, a child process's logs). It fails the test
// after timeout; choose one that a loaded machine running the race detector
// meets many times over, since it only bounds a hang. Call it from the test's
// goroutine.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("timed out after %s waiting for: %s", timeout, what)
			return
		case <-tick.C:
		}
	}
}
