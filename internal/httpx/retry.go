package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"
)

// RetryPolicy says how GitHub calls are retried.
type RetryPolicy struct {
	// Attempts is the most tries per request (first try included).
	Attempts int
	// Backoff is the first wait after a 5xx or network error; it doubles.
	Backoff time.Duration
	// MaxWait caps one wait asked for by Retry-After or x-ratelimit-reset;
	// a longer wait fails the request instead (the evaluation then fails closed).
	MaxWait time.Duration
}

// DefaultRetryPolicy suits github.com: secondary limits ask for a minute at most.
var DefaultRetryPolicy = RetryPolicy{Attempts: 4, Backoff: 500 * time.Millisecond, MaxWait: 90 * time.Second}

// RetryMiddleware is the client middleware that retries GitHub calls. Add it
// after WithClientCaching so it sits below the cache and sees real responses.
func RetryMiddleware(p RetryPolicy) githubapp.ClientMiddleware {
	mw := retryTransport(p, time.Now)
	return func(next http.RoundTripper) http.RoundTripper { return mw(next) }
}

// retryTransport retries what GitHub asks to retry: 5xx and network errors
// with exponential backoff; 429 and 403 rate limits after Retry-After or
// x-ratelimit-reset (go-github v60 turns 429 into a plain error, so this must
// happen below it); a 401 once, because a freshly minted installation token
// is sometimes refused for a moment.
func retryTransport(p RetryPolicy, now func() time.Time) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(req *http.Request) (*http.Response, error) {
			backoff := p.Backoff
			retried401 := false
			for attempt := 1; ; attempt++ {
				resp, err := next.RoundTrip(req)
				countCall(req.Context(), resp)
				wait, retry := shouldRetry(p, resp, err, backoff, &retried401, now)
				if !retry || attempt >= p.Attempts || req.Context().Err() != nil {
					return resp, err
				}
				if req.Body != nil && req.GetBody == nil {
					return resp, err // the body cannot be replayed
				}
				drain(resp)
				zerolog.Ctx(req.Context()).Warn().Str("method", req.Method).Str("path", req.URL.Path).
					Int("status", status(resp)).Dur("wait", wait).Int("attempt", attempt).Msg("retrying GitHub request")
				if err := sleep(req.Context(), wait); err != nil {
					return nil, err
				}
				if req.GetBody != nil {
					body, err := req.GetBody()
					if err != nil {
						return nil, err
					}
					req = req.Clone(req.Context())
					req.Body = body
				}
				if wait == backoff {
					backoff *= 2
				}
			}
		})
	}
}

func shouldRetry(p RetryPolicy, resp *http.Response, err error, backoff time.Duration, retried401 *bool, now func() time.Time) (time.Duration, bool) {
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, false
		}
		return backoff, true
	}
	switch {
	case resp.StatusCode >= 500:
		return backoff, true
	case resp.StatusCode == http.StatusUnauthorized && !*retried401:
		*retried401 = true
		return backoff, true
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden:
		wait, limited := rateLimitWait(resp, now())
		if !limited {
			return 0, false // a plain 403 is a permission problem: retrying won't help
		}
		if wait > p.MaxWait {
			return 0, false
		}
		return wait, true
	}
	return 0, false
}

// rateLimitWait reads how long GitHub asks to wait, if this is a rate limit.
func rateLimitWait(resp *http.Response, now time.Time) (time.Duration, bool) {
	if s := resp.Header.Get("Retry-After"); s != "" {
		if secs, err := strconv.Atoi(s); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			wait := time.Unix(reset, 0).Sub(now) + time.Second
			return max(wait, time.Second), true
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return time.Minute, true // GitHub's advice when no header says more
	}
	return 0, false
}

func drain(resp *http.Response) {
	if resp != nil && resp.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
	}
}

func status(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
