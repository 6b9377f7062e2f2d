package queue

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"
)

// heldHandler handles pull_request deliveries: each tells started, then
// waits until release is closed.
type heldHandler struct {
	started chan struct{}
	release chan struct{}
}

func (heldHandler) Handles() []string { return []string{"pull_request"} }
func (h heldHandler) Handle(ctx context.Context, _, _ string, _ []byte) error {
	h.started <- struct{}{}
	select {
	case <-h.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// listCounter counts the job listings, which is how the queue reads whether
// it is idle, and tells each one.
type listCounter struct {
	riverClient
	lists  atomic.Int32
	listed chan struct{}
}

func (c *listCounter) JobList(ctx context.Context, p *river.JobListParams) (*river.JobListResult, error) {
	c.lists.Add(1)
	select {
	case c.listed <- struct{}{}:
	default:
	}
	return c.riverClient.JobList(ctx, p)
}

// TestWaitIdleWakesOnJobChanges: WaitIdle returns once the running job
// completes, having read the database only when a job changed state (a
// poller reads it every few milliseconds), and returns false when its
// context ends first.
func TestWaitIdleWakesOnJobChanges(t *testing.T) {
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			h := heldHandler{started: make(chan struct{}, 1), release: make(chan struct{})}
			// A long replica timeout: no heartbeat or rescue listing during the test.
			q, err := New(Options{DB: openDB(t, driver), Handlers: []githubapp.EventHandler{h}, Logger: zerolog.Nop(), Audit: zerologAudit(t), ReplicaTimeout: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			counter := &listCounter{riverClient: q.client, listed: make(chan struct{}, 1)}
			q.client = counter
			ctx := zerolog.Nop().WithContext(context.Background())
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { q.Stop(0) })
			if !q.WaitIdle(ctx) {
				t.Fatal("an empty queue is not idle")
			}

			// While a job runs: not idle; WaitIdle gives up when its context ends.
			schedule(t, q, "guid-running")
			<-h.started
			drain(counter.listed)
			wctx, cancel := context.WithCancel(ctx)
			waited := make(chan bool, 1)
			go func() { waited <- q.WaitIdle(wctx) }()
			<-counter.listed // WaitIdle has read the queue busy
			cancel()
			if <-waited {
				t.Fatal("WaitIdle reported idle while a job runs")
			}
			h.release <- struct{}{}
			if !q.WaitIdle(ctx) {
				t.Fatal("the queue is not idle after its only job")
			}

			// A job completing wakes WaitIdle.
			schedule(t, q, "guid-completing")
			<-h.started
			drain(counter.listed)
			before := counter.lists.Load()
			go func() { waited <- q.WaitIdle(ctx) }()
			<-counter.listed
			close(h.release)
			if !<-waited {
				t.Fatal("WaitIdle did not see the queue idle once the job completed")
			}
			// One read at the start, one after the job's completion.
			if n := counter.lists.Load() - before; n > 2 {
				t.Errorf("WaitIdle read the queue %d times for one job change, want at most 2", n)
			}
		})
	}
}

func schedule(t *testing.T, q *Queue, delivery string) {
	t.Helper()
	ctx := zerolog.Nop().WithContext(context.Background())
	if err := q.Schedule(ctx, githubapp.Dispatch{EventType: "pull_request", DeliveryID: delivery, Payload: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
}

func drain(c <-chan struct{}) {
	select {
	case <-c:
	default:
	}
}
