// Package memo runs each keyed call once and remembers its result, even when
// several goroutines ask for the same key at the same moment: they wait for
// the first caller's answer instead of repeating its work. A Memo lives as
// long as what it remembers may be trusted (one evaluation of a pull
// request, one open local repository).
//
// Do runs the call in the first caller's goroutine. Go runs it apart, so
// that a caller who gives up (its context ends) does not waste the work for
// the others. Claim and Wait serve a producer that answers many keys at
// once, such as one git process streaming every commit's file list.
package memo

import (
	"context"
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

// entry is one key's result; done is closed once val and err are set.
type entry struct {
	done    chan struct{}
	resolve sync.Once
	val     any
	err     error
}

// New returns an empty Memo.
func New() *Memo { return &Memo{entries: map[string]*entry{}} }

// Do returns the remembered result for key, or calls fn once to get it. An
// error is remembered too: asking again gives the same error.
func Do[T any](m *Memo, key string, fn func() (T, error)) (T, error) {
	e, claimed := m.claim(key)
	if claimed {
		resolveWith(Promise[T]{e}, fn)
	}
	return wait[T](context.Background(), e)
}
