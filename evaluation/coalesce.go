package evaluation

import (
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

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
	// It is bounded: forgetting a key costs one redundant evaluation.
	done *lru.Cache[string, string]
	// waiting, when set (by tests), is called as a request starts to wait
	// for the evaluation of its key already running.
	waiting func(key string)
}

type keyLock struct {
	mu      sync.Mutex
	pending bool
	refs    int
}

// rememberedHeads bounds coalescer.done.
const rememberedHeads = 100000

func newCoalescer() *coalescer {
	done, _ := lru.New[string, string](rememberedHeads)
	return &coalescer{locks: map[string]*keyLock{}, done: done}
}

// run calls fn for key, as described on coalescer. With onlyIfNew, a request
// for a SHA already evaluated or being evaluated is dropped; with mustRun the
// call waits for a running evaluation instead of folding into it. fn returns
// the head SHA it evaluated.
func (c *coalescer) run(key, sha string, onlyIfNew, mustRun bool, fn func() (string, error)) error {
	c.mu.Lock()
	if last, ok := c.done.Get(key); onlyIfNew && sha != "" && ok && last == sha {
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
		if !k.mu.TryLock() {
			if c.waiting != nil {
				c.waiting(key)
			}
			k.mu.Lock()
		}
	}
	for {
		c.mu.Lock()
		k.pending = false
		c.mu.Unlock()
		evaluated, err := fn()
		c.mu.Lock()
		if err == nil && evaluated != "" {
			c.done.Add(key, evaluated)
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
