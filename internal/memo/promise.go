package memo

import "context"

// Promise is a key claimed for a producer that delivers its result later,
// such as one git process that streams the answers for many keys. Callers
// that ask for the key meanwhile wait for it.
type Promise[T any] struct{ e *entry }

// Resolve delivers the result and releases the callers waiting for it. The
// first call wins; a later one, even a concurrent one, changes nothing and
// returns false.
func (p Promise[T]) Resolve(v T, err error) bool {
	first := false
	p.e.resolve.Do(func() {
		p.e.val, p.e.err = v, err
		close(p.e.done)
		first = true
	})
	return first
}

// Resolved reports whether the promise has its result.
func (p Promise[T]) Resolved() bool {
	select {
	case <-p.e.done:
		return true
	default:
		return false
	}
}

// Claim claims each of keys that m does not hold yet, in order, for one
// producer, which must resolve every promise it gets (even if only with an
// error): a promise never resolved keeps its callers waiting.
func Claim[T any](m *Memo, keys []string) (claimed []string, promises map[string]Promise[T]) {
	promises = map[string]Promise[T]{}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		if _, ok := m.entries[k]; ok {
			continue
		}
		e := &entry{done: make(chan struct{})}
		m.entries[k] = e
		promises[k] = Promise[T]{e}
		claimed = append(claimed, k)
	}
	return claimed, promises
}

// Wait returns the result for key. When m does not hold the key yet, it
// claims it and calls start with its promise; start must see it resolved,
// typically from a goroutine it starts. A caller whose ctx ends stops
// waiting and gets ctx.Err(), while the work goes on for the others.
func Wait[T any](ctx context.Context, m *Memo, key string, start func(Promise[T])) (T, error) {
	e, claimed := m.claim(key)
	if claimed {
		start(Promise[T]{e})
	}
	return wait[T](ctx, e)
}

// Go is Do for work that must not depend on its callers: fn runs once, in
// its own goroutine, and a caller whose ctx ends stops waiting (ctx.Err())
// while fn goes on for the others. fn is given no context: it runs under
// one that outlives every caller, such as its owner's lifetime.
func Go[T any](ctx context.Context, m *Memo, key string, fn func() (T, error)) (T, error) {
	e, claimed := m.claim(key)
	if claimed {
		go resolveWith(Promise[T]{e}, fn)
	}
	return wait[T](ctx, e)
}

// claim returns key's entry, and whether this call created it.
func (m *Memo) claim(key string) (*entry, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok {
		return e, false
	}
	e := &entry{done: make(chan struct{})}
	m.entries[key] = e
	return e, true
}

// resolveWith resolves p with fn's result; if fn panics, its waiters get
// ErrPanicked and the panic goes on.
func resolveWith[T any](p Promise[T], fn func() (T, error)) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			p.Resolve(zero, ErrPanicked)
			panic(r)
		}
	}()
	p.Resolve(fn())
}

// wait returns e's result once it is resolved, or ctx's error if ctx ends first.
func wait[T any](ctx context.Context, e *entry) (T, error) {
	var zero T
	select {
	case <-e.done:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	if e.err != nil {
		return zero, e.err
	}
	return e.val.(T), nil
}
