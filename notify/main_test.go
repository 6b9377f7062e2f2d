package notify

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMain fails the run when a Notifier's worker outlives the tests: every
// test must Close what it starts.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && workerAlive(time.Second) {
		fmt.Fprintln(os.Stderr, "a notify worker goroutine is still running after the tests")
		code = 1
	}
	os.Exit(code)
}

// workerAlive waits up to d for the workers to finish returning.
func workerAlive(d time.Duration) bool {
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		n := runtime.Stack(buf, true)
		if !bytes.Contains(buf[:n], []byte("notify.(*Notifier).run")) {
			return false
		}
		if time.Now().After(deadline) {
			return true
		}
	}
}
