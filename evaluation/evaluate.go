package evaluation

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// Evaluate evaluates the pull request's current head, coalescing with an
// evaluation of the same pull request already running, in this process or
// (through the lock) in another replica.
func (e *Evaluator) Evaluate(ctx context.Context, t Target) error {
	key := fmt.Sprintf("%d/%s/%s#%d", t.InstallationID, t.Owner, t.Repo, t.Number)
	mustRun := t.Trigger != nil // a person's action is never folded away
	a, _ := attemptFrom(ctx)
	// Nor is an automatic retry here: supersededRetry decides whether a
	// later evaluation made it needless, and as it may then read nothing,
	// nothing folds into it either (it is not recorded).
	retry := !a.FailedAt.IsZero()
	force := mustRun || retry
	if e.lock != nil && !force && !t.OnlyIfNew {
		// Such a request runs now or sets the coalescer's pending flag:
		// either way an iteration below takes what it adds.
		e.waiting.add(key, a.StoredAt)
	}
	// A trailing iteration evaluates for the events folded into it, not as
	// the retry: supersededRetry must not drop it for the gate the retry's
	// own first iteration completed.
	trailing := ctx
	if retry {
		plain := a
		plain.FailedAt = time.Time{}
		trailing = WithAttempt(ctx, plain)
	}
	first, began, failed := true, false, false
	return e.inflight.run(key, t.HeadSHA, t.OnlyIfNew, mustRun, func() (string, error) {
		if e.lock == nil {
			c := trailing
			if first {
				c = ctx
			}
			first = false
			return e.evaluateOnce(c, t)
		}
		unlock, err := e.lock.Lock(ctx, key)
		if err != nil {
			return "", fmt.Errorf("failed to lock %s/%s#%d for evaluation: %w", t.Owner, t.Repo, t.Number, err)
		}
		defer unlock()
		waited, waiting := e.waiting.take(key)
		stored := waited
		switch {
		case (first && force) || failed:
			stored = time.Time{}
		case first:
			stored = latestStored(stored, a.StoredAt, waiting)
		case !waiting:
			// The events behind this trailing run were taken by an
			// iteration that began after they were stored.
			zerolog.Ctx(ctx).Debug().Msg("folded into the evaluation that just ran; not evaluated again")
			return "", nil
		}
		if first && retry {
			first = false
			sha, err := e.evaluateOnce(ctx, t)
			if sha == "" && waiting {
				e.waiting.add(key, waited) // superseded, it read nothing: what waited still waits
			}
			failed = err != nil
			return sha, err
		}
		first = false
		f := Fold{StoredAt: stored, Job: a.Job, Again: began}
		fresh, err := e.lock.Begin(ctx, key, f)
		if err != nil {
			failed = true
			return "", fmt.Errorf("failed to record the evaluation of %s/%s#%d: %w", t.Owner, t.Repo, t.Number, err)
		}
		if !fresh {
			zerolog.Ctx(ctx).Debug().Time("stored_at", f.StoredAt).
				Msg("folded into an evaluation that began after this event was stored; not evaluated again")
			return "", nil
		}
		began = true
		sha, err := e.evaluateOnce(trailing, t)
		failed = err != nil // a trailing run must not fold into a failed one
		return sha, err
	})
}
