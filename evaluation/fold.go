package evaluation

import (
	"sync"
	"time"
)

// waitingEvents remembers, per pull request, when the latest event waiting
// for its next evaluation was stored: the coalescer folds requests into a
// trailing run without saying which.
type waitingEvents struct {
	mu sync.Mutex
	m  map[string]time.Time
}

func (w *waitingEvents) add(key string, stored time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[string]time.Time{}
	}
	prev, ok := w.m[key]
	w.m[key] = latestStored(prev, stored, ok)
}

// take returns and forgets the latest stored time of the events waiting
// for key, and whether any were.
func (w *waitingEvents) take(key string) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	stored, ok := w.m[key]
	delete(w.m, key)
	return stored, ok
}

// latestStored combines stored times of events, prev counting only when
// ok; zero (unknown: evaluate whatever ran since) prevails.
func latestStored(prev, stored time.Time, ok bool) time.Time {
	if !ok {
		return stored
	}
	if prev.IsZero() || stored.IsZero() {
		return time.Time{}
	}
	if prev.After(stored) {
		return prev
	}
	return stored
}
