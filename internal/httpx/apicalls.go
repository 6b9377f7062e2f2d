package httpx

import (
	"context"
	"net/http"
	"sync/atomic"
)

// APICalls counts the GitHub requests of one evaluation: how many went over
// the wire, and how many of those GitHub answered 304 (free of rate limit).
// Requests answered from the HTTP cache without a round trip are not counted.
type APICalls struct {
	Sent        atomic.Int64
	NotModified atomic.Int64
}

// Costed is the number of calls that used rate limit.
func (c *APICalls) Costed() int64 { return c.Sent.Load() - c.NotModified.Load() }

type apiCallsKey struct{}

// WithAPICalls attaches a counter to the context of an evaluation.
func WithAPICalls(ctx context.Context, c *APICalls) context.Context {
	return context.WithValue(ctx, apiCallsKey{}, c)
}

// countCall records one round trip; it sits below the HTTP cache, so it sees
// only real requests.
func countCall(ctx context.Context, resp *http.Response) {
	c, _ := ctx.Value(apiCallsKey{}).(*APICalls)
	if c == nil {
		return
	}
	c.Sent.Add(1)
	if resp != nil && resp.StatusCode == http.StatusNotModified {
		c.NotModified.Add(1)
	}
}
