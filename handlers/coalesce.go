package handlers

import "sync"

// coalescer runs at most one evaluation per pull request at a time. An
// evaluation asked for while one runs is folded into a single trailing run in
// the same goroutine, which reads the pull request afresh: five events in a
// burst cost two evaluations, no worker blocks waiting, and no two runs of one
// name are ever in progress together.
type coalescer struct {
	mu      sync.Mutex
	pending map[string]bool // key present: running; value: a trailing run is wanted
	// done remembers the last head SHA fully evaluated per key, so that a
	// check_suite "requested" right after the pull_request event is a no-op.
	done map[string]string
}

func newCoalescer() *coalescer {
	return &coalescer{pending: map[string]bool{}, done: map[string]string{}}
}

// run calls fn for key, again while more requests arrived during the call. If
// an evaluation of key is already running it only asks that one for a trailing
// run and returns. With onlyIfNew, a request for a SHA already evaluated or
// being evaluated is dropped. fn returns the head SHA it evaluated.
func (c *coalescer) run(key, sha string, onlyIfNew bool, fn func() (string, error)) error {
	c.mu.Lock()
	_, running := c.pending[key]
	if onlyIfNew && (running || (sha != "" && c.done[key] == sha)) {
		c.mu.Unlock()
		return nil
	}
	if running {
		c.pending[key] = true
		c.mu.Unlock()
		return nil
	}
	c.pending[key] = false
	c.mu.Unlock()

	var err error
	for {
		var evaluated string
		evaluated, err = fn()
		c.mu.Lock()
		if err == nil && evaluated != "" {
			if len(c.done) > 100000 {
				c.done = map[string]string{} // bounded memory; forgetting costs one redundant run
			}
			c.done[key] = evaluated
		}
		if !c.pending[key] {
			delete(c.pending, key)
			c.mu.Unlock()
			return err
		}
		c.pending[key] = false
		c.mu.Unlock()
	}
}
