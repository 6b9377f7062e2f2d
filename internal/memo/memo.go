// Package memo runs each keyed call once and remembers its result, even when
// several goroutines ask for the same key at the same moment: they wait for
// the first caller's answer instead of repeating its work. A Memo lives as
// long as what it remembers may be trusted (one evaluation of a pull request).
package memo

import (
	"errors"
	"sync"
)

// ErrPanicked is what the callers waiting on a call get when that call
// panicked; the panic itself goes on up the first caller's stack.
var ErrPanicked = errors.New("the call panicked")

// Memo remembers the result of each keyed call.
type Memo struct {
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	done chan struct{}
	val  any
	err  error
}

// New returns an empty Memo.
func New() *Memo { return &Memo{entries: map[string]*entry{}} }

// Do returns the remembered result for key, or calls fn once to get it. An
// error is remembered too: asking again gives the same error.
func Do[T any](m *Memo, key string, fn func() (T, error)) (T, error) {
	m.mu.Lock()
	e, ok := m.entries[key]
	if !ok {
		e = &entry{done: make(chan struct{})}
		m.entries[key] = e
		m.mu.Unlock()
		func() {
			defer close(e.done)
			defer func() {
				if r := recover(); r != nil {
					e.err = ErrPanicked
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
