package evaluation

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// Attempt is the queue's view of the evaluation under way: which try of
// its job this is and when the next one will be, so that a gate that could
// not finish says when Gatehouse tries again.
type Attempt struct {
	// N counts from 1; Of is the last attempt.
	N, Of int
	// RetryAt is when attempt N+1 runs if this one fails (zero on the last).
	RetryAt time.Time
	// FailedAt is when attempt N-1 failed; zero when it did not fail (the
	// first attempt, or one resumed after its process died).
	FailedAt time.Time
	// Stopping reports whether the process is shutting down: an evaluation
	// cancelled then is left in progress for the next process or replica
	// instead of failing its runs.
	Stopping func() bool
	// Job is the queue's id of the job; StoredAt is when its delivery was
	// stored, by the database's clock.
	Job      int64
	StoredAt time.Time
}

type attemptKey struct{}

// WithAttempt tells the evaluations run under ctx which attempt they are.
func WithAttempt(ctx context.Context, a Attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

func attemptFrom(ctx context.Context) (Attempt, bool) {
	a, ok := ctx.Value(attemptKey{}).(Attempt)
	return a, ok
}

// leftForNextProcess reports whether err is this process's shutdown
// cutting the evaluation short.
func leftForNextProcess(ctx context.Context, err error) bool {
	a, ok := attemptFrom(ctx)
	return ok && a.Stopping != nil && err != nil && ctx.Err() != nil && a.Stopping()
}

// couldNotFinish is what a run says when Gatehouse could not finish it: why,
// and what happens next (retryNote).
func couldNotFinish(ctx context.Context, why string) string {
	return "Gatehouse could not finish: " + why + retryNote(ctx)
}

// retryNote is what the gate says after "could not finish: <reason>": when
// Gatehouse retries on its own, or, after the last attempt (or without a
// queue), what the user should do.
func retryNote(ctx context.Context) string {
	if a, ok := attemptFrom(ctx); ok && a.N < a.Of && !a.RetryAt.IsZero() {
		return fmt.Sprintf("; retrying at %s UTC (attempt %d of %d). A new push or a re-run from the Checks tab replaces the retry.",
			a.RetryAt.UTC().Format("15:04"), a.N, a.Of)
	}
	return "; re-run from the Checks tab (or push a commit)."
}

// PRLocker keeps evaluations of one pull request from overlapping across
// processes (replicas sharing a database), and folds the events that waited
// for one into a single trailing evaluation; within a process the coalescer
// already does both.
type PRLocker interface {
	// Lock blocks until the lock is held or ctx ends.
	Lock(ctx context.Context, key string) (unlock func(), err error)
	// Begin, called with the lock held, records that an evaluation of key
	// starts now and reports true; or reports false, recording nothing, when
	// the last evaluation of key began after f.StoredAt: that one read the
	// pull request after the events had changed it.
	Begin(ctx context.Context, key string, f Fold) (bool, error)
}

// Fold describes the events an evaluation answers, for PRLocker.Begin.
type Fold struct {
	// StoredAt is when the last of them was stored (database clock); zero
	// when one of them must be evaluated whatever ran since (a person's
	// action, an automatic retry, or no queue).
	StoredAt time.Time
	// Job runs the evaluation. Its own earlier evaluation does not fold it
	// unless Again: that one may have been cut short (a crash, a shutdown,
	// a failure) and the job is here to finish it.
	Job int64
	// Again: this job already began an evaluation of key in this attempt
	// (the coalescer's trailing run), which counts like any other.
	Again bool
}

// publishedError is an evaluation that published its results but must be
// tried again (a check could not reach its service): its runs already say
// so, and must not be overwritten with a generic failure.
type publishedError struct{ reasons []string }

func (e *publishedError) Error() string {
	return "could not finish: " + strings.Join(e.reasons, "; ")
}

// supersededRetry reports whether this automatic retry has nothing left to
// do: since the previous attempt failed, another evaluation (a new push, a
// re-run) completed the gate on the pull request's current head without
// announcing a retry of its own.
func (r *runSet) supersededRetry(ctx context.Context) (bool, error) {
	a, ok := attemptFrom(ctx)
	if !ok || a.FailedAt.IsZero() {
		return false, nil
	}
	existing, err := r.list(ctx)
	if err != nil {
		return false, err
	}
	gateRun := existing[RunGate]
	// GitHub keeps completed_at to the second.
	if gateRun == nil || gateRun.GetStatus() != "completed" || gateRun.GetCompletedAt().Before(a.FailedAt.Truncate(time.Second)) ||
		strings.Contains(gateRun.GetOutput().GetSummary(), "retrying at") {
		return false, nil
	}
	zerolog.Ctx(ctx).Info().Int("attempt", a.N).Msg("retry superseded: a later evaluation completed the gate")
	return true, nil
}
