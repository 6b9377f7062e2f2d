package queue

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/gatehouse-sec/gatehouse/evaluation"
)

// deliveryWorker hands a stored delivery to the event handler registered
// for its type, as go-githubapp's dispatcher would have. The job completes
// once the handler returns, that is once every run it started is completed;
// an error (GitHub, OSV or deps.dev unavailable) retries it on the schedule
// the gate announced.
type deliveryWorker struct {
	river.WorkerDefaults[deliveryArgs]
	q *Queue
}

func (w *deliveryWorker) Work(ctx context.Context, job *river.Job[deliveryArgs]) error {
	q := w.q
	logger := q.o.Logger.With().Str("github_event_type", job.Args.Event).Str("github_delivery_id", job.Args.Delivery).
		Int64("job", job.ID).Int("attempt", job.Attempt).Str("replica", q.o.Replica).Logger()
	ctx = logger.WithContext(ctx)
	if job.Attempt == 1 && job.AttemptedAt != nil {
		wait := job.AttemptedAt.Sub(job.ScheduledAt)
		q.metrics.queueWait.Observe(wait.Seconds())
		logger.Debug().Dur("queue_wait", wait).Msg("job started")
	} else {
		logger.Debug().Msg("job started")
	}
	h := q.handlers[job.Args.Event]
	if h == nil {
		logger.Debug().Msg("no handler for this event type; dropped")
		return nil
	}
	a := evaluation.Attempt{N: job.Attempt, Of: job.MaxAttempts, Job: job.ID, StoredAt: job.CreatedAt}
	if job.Attempt > 1 || len(job.AttemptedBy) > 1 {
		// It ran before (a retry, a rescue after a crash, a snooze at
		// SIGTERM): events folded into that run in its process's memory are
		// gone with it, so this run must not fold into another.
		a.StoredAt = time.Time{}
	}
	if job.Attempt < job.MaxAttempts && job.AttemptedAt != nil {
		a.RetryAt = q.nextRetry(*job.AttemptedAt, job.Attempt)
		q.retryAt.Store(job.ID, a.RetryAt)
	}
	if n := len(job.Errors); n > 0 && job.Errors[n-1].Attempt == job.Attempt-1 {
		a.FailedAt = job.Errors[n-1].At
	}
	a.Stopping = q.closed.Load
	err := h.Handle(evaluation.WithAttempt(ctx, a), job.Args.Event, job.Args.Delivery, job.Args.Payload)
	if err == nil {
		q.retryAt.Delete(job.ID)
	}
	if err != nil && ctx.Err() != nil && q.closed.Load() {
		// Cut short by this process's shutdown: available again at once
		// for another replica or the next start, without using an attempt.
		q.retryAt.Delete(job.ID)
		logger.Info().Msg("job left in the database for the next process")
		return river.JobSnooze(0)
	}
	return err
}

// NextRetry is the time the gate announced when this attempt failed.
func (w *deliveryWorker) NextRetry(job *river.Job[deliveryArgs]) time.Time {
	if t, ok := w.q.retryAt.LoadAndDelete(job.ID); ok {
		return t.(time.Time)
	}
	if job.AttemptedAt == nil {
		return time.Now().Add(w.q.o.Backoff[0])
	}
	return w.q.nextRetry(*job.AttemptedAt, job.Attempt)
}

// nextRetry is when attempt n+1 runs after attempt n started at started.
func (q *Queue) nextRetry(started time.Time, n int) time.Time {
	b := q.o.Backoff
	return started.Add(b[min(max(n-1, 0), len(b)-1)])
}
