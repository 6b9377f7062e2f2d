package handlers

import "sync"

// coalescer runs at most one evaluation per pull request at a time. A plain
// request that arrives while one runs is folded into a single trailing run in
// the same goroutine, which reads the pull request afresh: five events in a
// burst cost two evaluations and no worker waits. A request carrying a person's
// action (an override) is never folded away: it waits its turn. Either way no
// two runs of one name are ever in progress together.
type coalescer struct {
	mu    sync.Mutex
	locks map[string]*keyLock
	// done remembers the last head SHA fully evaluated per key, so that a
	// check_suite "requested" right after the pull_request event is a no-op.
	done map[string]string
}

type keyLock struct {
	mu      sync.Mutex
	pending bool
	refs    int
}

func newCoalescer() *coalescer {
	return &coalescer{locks: map[string]*keyLock{}, done: map[string]string{}}
}

// run calls fn for key, as described on coalescer. With onlyIfNew, a request
// for a SHA already evaluated or being evaluated is dropped; with mustRun the
// call waits for a running evaluation instead of folding into it. fn returns
// the head SHA it evaluated.
func (c *coalescer) run(key, sha string, onlyIfNew, mustRun bool, fn func() (string, error)) error {
	c.mu.Lock()
	if onlyIfNew && sha != "" && c.done[key] == sha {
		c.mu.Unlock()
		return nil
	}
	k := c.locks[key]
	if k == nil {
		k = &keyLock{}
		c.locks[key] = k
	}
	k.refs++
	defer c.release(key, k)
	if !mustRun {
		if !k.mu.TryLock() {
			if !onlyIfNew {
				k.pending = true
			}
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
	} else {
		c.mu.Unlock()
		k.mu.Lock()
	}
	for {
		c.mu.Lock()
		k.pending = false
		c.mu.Unlock()
		evaluated, err := fn()
		c.mu.Lock()
		if err == nil && evaluated != "" {
			if len(c.done) > 100000 {
				c.done = map[string]string{} // bounded memory; forgetting costs one redundant run
			}
			c.done[key] = evaluated
		}
		if !k.pending {
			k.mu.Unlock()
			c.mu.Unlock()
			return err
		}
		c.mu.Unlock()
	}
}

func (c *coalescer) release(key string, k *keyLock) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k.refs--
	if k.refs == 0 && c.locks[key] == k {
		delete(c.locks, key)
	}
}
