package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
)

// drainScheduler wraps go-githubapp's queued async scheduler so that the
// server knows how many deliveries are queued or running: for /readyz
// (saturation) and for SIGTERM (stop intake, wait for in-flight work).
type drainScheduler struct {
	inner    githubapp.Scheduler
	capacity int
	wg       sync.WaitGroup
	pending  atomic.Int64
	closed   atomic.Bool
}

func newDrainScheduler(queueSize, workers int, opts ...githubapp.SchedulerOption) *drainScheduler {
	return &drainScheduler{inner: githubapp.QueueAsyncScheduler(queueSize, workers, opts...), capacity: queueSize + workers}
}

// Schedule implements githubapp.Scheduler. After close it refuses work with
// ErrCapacityExceeded (a 503), so GitHub keeps the delivery for redelivery.
func (s *drainScheduler) Schedule(ctx context.Context, d githubapp.Dispatch) error {
	if s.closed.Load() {
		return githubapp.ErrCapacityExceeded
	}
	s.wg.Add(1)
	s.pending.Add(1)
	inner := d.Handler
	d.Handler = doneHandler{EventHandler: inner, done: func() { s.pending.Add(-1); s.wg.Done() }}
	if err := s.inner.Schedule(ctx, d); err != nil {
		s.pending.Add(-1)
		s.wg.Done()
		return err
	}
	return nil
}

// saturated reports whether a new delivery would likely be refused.
func (s *drainScheduler) saturated() bool { return s.pending.Load() >= int64(s.capacity) }

// drain stops intake and waits for queued and running deliveries, up to timeout.
func (s *drainScheduler) drain(timeout time.Duration) bool {
	s.closed.Store(true)
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}

type doneHandler struct {
	githubapp.EventHandler
	done func()
}

func (h doneHandler) Handle(ctx context.Context, eventType, deliveryID string, payload []byte) error {
	defer h.done()
	return h.EventHandler.Handle(ctx, eventType, deliveryID, payload)
}
