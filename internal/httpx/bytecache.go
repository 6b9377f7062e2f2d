package httpx

import (
	"math"
	"sync"

	"github.com/gregjones/httpcache"
	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// ByteLRU is a size-bounded LRU of byte slices. It backs the HTTP cache
// (httpcache.Cache) and the caches of immutable GitHub data, so that a busy
// server's memory stays bounded however many repositories it sees. The bound
// is on bytes (key and value), not on the number of entries.
type ByteLRU struct {
	mu       sync.Mutex
	max, cur int
	lru      *simplelru.LRU[string, []byte]
}

// NewByteLRU returns an empty cache holding at most maxBytes.
func NewByteLRU(maxBytes int) *ByteLRU {
	c := &ByteLRU{max: maxBytes}
	// The count bound is never the one reached: the byte bound evicts first.
	c.lru, _ = simplelru.NewLRU[string, []byte](math.MaxInt, func(key string, val []byte) {
		c.cur -= len(key) + len(val)
	})
	return c
}

// NewHTTPCache returns a bounded in-memory cache for GitHub responses.
func NewHTTPCache(maxBytes int) httpcache.Cache { return NewByteLRU(maxBytes) }

// Get implements httpcache.Cache.
func (c *ByteLRU) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(key)
}

// Set implements httpcache.Cache. An entry larger than a quarter of the cache
// is not kept: it would evict everything else for one response.
func (c *ByteLRU) Set(key string, val []byte) {
	size := len(key) + len(val)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key)
	if size > c.max/4 {
		return
	}
	c.lru.Add(key, val)
	c.cur += size
	for c.cur > c.max {
		c.lru.RemoveOldest()
	}
}

// Delete implements httpcache.Cache.
func (c *ByteLRU) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key)
}
