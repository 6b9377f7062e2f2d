package httpx

import (
	"strings"
	"testing"
)

// TestByteLRU: the cache holds at most its byte budget, evicting the least
// recently used entries first, and never lets one large entry flush it.
func TestByteLRU(t *testing.T) {
	val := func(n int) []byte { return []byte(strings.Repeat("x", n)) }
	cases := []struct {
		name string
		ops  func(c *ByteLRU)
		want map[string]bool // key -> still cached
	}{
		{"under budget keeps all", func(c *ByteLRU) {
			c.Set("a", val(9))
			c.Set("b", val(9))
		}, map[string]bool{"a": true, "b": true}},
		{"over budget evicts the oldest", func(c *ByteLRU) {
			c.Set("a", val(19))
			c.Set("b", val(19))
			c.Set("c", val(19))
			c.Set("d", val(19))
			c.Set("e", val(19))
			c.Set("f", val(19))
		}, map[string]bool{"a": false, "b": true, "f": true}},
		{"a read makes an entry recent", func(c *ByteLRU) {
			c.Set("a", val(19))
			c.Set("b", val(19))
			c.Set("c", val(19))
			c.Set("d", val(19))
			c.Set("e", val(19))
			c.Get("a")
			c.Set("f", val(19))
		}, map[string]bool{"a": true, "b": false, "f": true}},
		{"an entry over a quarter of the budget is not kept", func(c *ByteLRU) {
			c.Set("a", val(9))
			c.Set("big", val(40))
		}, map[string]bool{"a": true, "big": false}},
		{"replacing an entry frees its old size", func(c *ByteLRU) {
			for range 10 {
				c.Set("a", val(19))
			}
			c.Set("b", val(19))
		}, map[string]bool{"a": true, "b": true}},
		{"delete", func(c *ByteLRU) {
			c.Set("a", val(9))
			c.Delete("a")
		}, map[string]bool{"a": false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewByteLRU(100)
			tc.ops(c)
			for key, want := range tc.want {
				if _, got := c.Get(key); got != want {
					t.Errorf("%s cached = %v, want %v", key, got, want)
				}
			}
			if c.cur > c.max || c.cur < 0 {
				t.Errorf("holds %d bytes, budget %d", c.cur, c.max)
			}
		})
	}
}
