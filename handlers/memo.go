package handlers

import (
	"sync"
)

// memo runs each keyed call once per evaluation, even when several checks ask
// for the same thing at the same moment, and remembers its result.
type memo struct {
	mu      sync.Mutex
	entries map[string]*memoEntry
}

type memoEntry struct {
	done chan struct{}
	val  any
	err  error
}

func newMemo() *memo { return &memo{entries: map[string]*memoEntry{}} }

// do returns the remembered result for key, or calls fn once to get it.
func memoDo[T any](m *memo, key string, fn func() (T, error)) (T, error) {
	m.mu.Lock()
	e, ok := m.entries[key]
	if !ok {
		e = &memoEntry{done: make(chan struct{})}
		m.entries[key] = e
		m.mu.Unlock()
		func() {
			defer close(e.done)
			defer func() {
				if r := recover(); r != nil {
					e.err = errPanicked
					panic(r)
				}
			}()
			e.val, e.err = fn()
		}()
	} else {
		m.mu.Unlock()
		<-e.done
	}
	if e.err != nil {
		var zero T
		return zero, e.err
	}
	return e.val.(T), nil
}
