package handlers

import (
	"container/list"
	"sync"
)

// byteLRU is a size-bounded LRU of byte slices. It backs the HTTP cache
// (httpcache.Cache) and the cache of immutable commit diffs, so that a busy
// server's memory stays bounded however many repositories it sees.
type byteLRU struct {
	mu       sync.Mutex
	max, cur int
	ll       *list.List
	items    map[string]*list.Element
}

type lruItem struct {
	key string
	val []byte
}

func newByteLRU(maxBytes int) *byteLRU {
	return &byteLRU{max: maxBytes, ll: list.New(), items: map[string]*list.Element{}}
}

// Get implements httpcache.Cache.
func (c *byteLRU) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruItem).val, true
	}
	return nil, false
}

// Set implements httpcache.Cache. An entry larger than a quarter of the cache
// is not kept: it would evict everything else for one response.
func (c *byteLRU) Set(key string, val []byte) {
	size := len(key) + len(val)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.cur -= len(key) + len(e.Value.(*lruItem).val)
		c.ll.Remove(e)
		delete(c.items, key)
	}
	if size > c.max/4 {
		return
	}
	c.items[key] = c.ll.PushFront(&lruItem{key: key, val: val})
	c.cur += size
	for c.cur > c.max {
		last := c.ll.Back()
		it := last.Value.(*lruItem)
		c.ll.Remove(last)
		delete(c.items, it.key)
		c.cur -= len(it.key) + len(it.val)
	}
}

// Delete implements httpcache.Cache.
func (c *byteLRU) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.cur -= len(key) + len(e.Value.(*lruItem).val)
		c.ll.Remove(e)
		delete(c.items, key)
	}
}
