package evaluation

import (
	"sync"
	"testing"
)

// TestCoalescer: a burst of plain requests for one pull request costs two
// evaluations, a SHA already evaluated is not evaluated again when only a
// new one is wanted, and a person's action waits for the running evaluation
// instead of being folded into it. Every step is ordered by channels, so the
// test asserts the same thing however the goroutines are scheduled.
func TestCoalescer(t *testing.T) {
	t.Run("burst folds into one trailing run", func(t *testing.T) {
		c := newCoalescer()
		runs := 0 // only the first request's goroutine runs fn
		started := make(chan struct{})
		release := make(chan struct{})
		done := make(chan error)
		go func() {
			done <- c.run("k", "a", false, false, func() (string, error) {
				runs++
				if runs == 1 {
					close(started)
					<-release
				}
				return "a", nil
			})
		}()
		<-started
		for range 5 {
			if err := c.run("k", "a", false, false, func() (string, error) { t.Error("folded request ran on its own"); return "", nil }); err != nil {
				t.Fatal(err)
			}
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if runs != 2 {
			t.Errorf("ran %d times, want 2: the first and one trailing run for the burst", runs)
		}
		if len(c.locks) != 0 {
			t.Errorf("%d locks left behind", len(c.locks))
		}
	})
	t.Run("onlyIfNew drops an evaluated sha", func(t *testing.T) {
		c := newCoalescer()
		n := 0
		fn := func() (string, error) { n++; return "sha1", nil }
		_ = c.run("k", "sha1", false, false, fn)
		_ = c.run("k", "sha1", true, false, fn)
		_ = c.run("k", "sha2", true, false, fn)
		if n != 2 {
			t.Errorf("ran %d times, want 2", n)
		}
	})
	t.Run("mustRun waits and runs", func(t *testing.T) {
		c := newCoalescer()
		var mu sync.Mutex
		var order []string
		waits := make(chan struct{})
		c.waiting = func(string) { close(waits) }
		started := make(chan struct{})
		release := make(chan struct{})
		first := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(first)
			_ = c.run("k", "", false, false, func() (string, error) {
				close(started)
				<-release
				mu.Lock()
				order = append(order, "first")
				mu.Unlock()
				return "", nil
			})
		}()
		<-started
		go func() {
			defer close(done)
			_ = c.run("k", "", false, true, func() (string, error) {
				mu.Lock()
				order = append(order, "override")
				mu.Unlock()
				return "", nil
			})
		}()
		<-waits // the override has entered run and waits behind the first evaluation
		mu.Lock()
		early := len(order)
		mu.Unlock()
		if early != 0 {
			t.Fatalf("the override ran while the first evaluation was running: %v", order)
		}
		close(release)
		<-first
		<-done
		if len(order) != 2 || order[0] != "first" || order[1] != "override" {
			t.Errorf("order = %v, want [first override]", order)
		}
	})
}
