package handlers

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCoalescer(t *testing.T) {
	t.Run("burst folds into one trailing run", func(t *testing.T) {
		c := newCoalescer()
		var runs atomic.Int32
		started := make(chan struct{})
		release := make(chan struct{})
		go func() {
			_ = c.run("k", "a", false, false, func() (string, error) {
				if runs.Add(1) == 1 {
					close(started)
					<-release
				}
				return "a", nil
			})
		}()
		<-started
		for i := 0; i < 5; i++ {
			if err := c.run("k", "a", false, false, func() (string, error) { t.Error("folded request ran on its own"); return "", nil }); err != nil {
				t.Fatal(err)
			}
		}
		close(release)
		waitFor(t, func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			return runs.Load() == 2 && len(c.locks) == 0
		})
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
		started := make(chan struct{})
		release := make(chan struct{})
		done := make(chan struct{})
		go func() {
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
			_ = c.run("k", "", false, true, func() (string, error) {
				mu.Lock()
				order = append(order, "override")
				mu.Unlock()
				return "", nil
			})
			close(done)
		}()
		// The override has entered run and waits behind the first evaluation.
		waitFor(t, func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.locks["k"] != nil && c.locks["k"].refs == 2
		})
		mu.Lock()
		early := len(order)
		mu.Unlock()
		if early != 0 {
			t.Fatalf("the override ran while the first evaluation was running: %v", order)
		}
		close(release)
		<-done
		mu.Lock()
		defer mu.Unlock()
		if len(order) != 2 || order[1] != "override" {
			t.Errorf("order = %v", order)
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
