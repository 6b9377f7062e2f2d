package queue

import (
	"context"
	"sync"

	"github.com/riverqueue/river"
)

// Waiting for the queue to be idle reads the database only when something
// may have made it idle: River tells its subscribers each job state change
// it has committed (completed, failed and waiting for a retry, snoozed,
// cancelled). Nothing else makes this process's queue idle; a delivery
// stored or a job fetched only makes it busier.

// jobStateChanges are the River events after which a job may have left the
// waiting and running states.
var jobStateChanges = []river.EventKind{river.EventKindJobCompleted, river.EventKindJobFailed,
	river.EventKindJobSnoozed, river.EventKindJobCancelled, river.EventKindJobInterrupted}

// changes broadcasts "something changed" to every waiter: next returns a
// channel that the following signal closes.
type changes struct {
	mu sync.Mutex
	ch chan struct{}
}

func (c *changes) next() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan struct{})
	}
	return c.ch
}

func (c *changes) signal() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch != nil {
		close(c.ch)
		c.ch = nil
	}
}

// watchJobs signals each job state change until River closes events (the
// client stopped); waiters then re-read the database once more.
func (q *Queue) watchJobs(events <-chan *river.Event) {
	for range events {
		q.changes.signal()
	}
	q.changes.signal()
}

// subscribe starts watching this process's job state changes; the returned
// function stops it (River also stops it when the client stops). River
// drops events that would overflow the subscription's buffer; a drop is
// harmless, since the buffer is then full of later changes, each of which
// makes the waiters re-read the database.
func (q *Queue) subscribe() (unsubscribe func()) {
	events, unsubscribe := q.client.SubscribeConfig(&river.SubscribeConfig{Kinds: jobStateChanges, ChanSize: 10_000})
	go q.watchJobs(events)
	return unsubscribe
}

// WaitIdle waits until Idle holds or ctx ends, and reports whether it held.
// It re-reads the database only when a job of this process changed state:
// a job that another replica finishes is seen at this process's next change.
func (q *Queue) WaitIdle(ctx context.Context) bool {
	for {
		changed := q.changes.next()
		if idle, err := q.Idle(ctx); err == nil && idle {
			return true
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return false
		}
	}
}
