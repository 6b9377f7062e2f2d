package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// run delivers queued events one at a time until the queue is closed and
// empty, or ctx is cancelled by Close; then what is left is dropped.
func (n *Notifier) run(ctx context.Context) {
	defer close(n.done)
	for it := range n.queue {
		if ctx.Err() != nil {
			n.metrics.count(it.ev.Kind, outcomeDropped)
			it.log.Warn().Str("notify_kind", it.ev.Kind).Msg("notification dropped: shutting down")
			continue
		}
		n.deliver(ctx, it)
	}
}

// deliver tries one event up to Attempts times. Only answers that a later
// attempt can change are retried: network errors, 429 and 5xx.
func (n *Notifier) deliver(ctx context.Context, it item) {
	body, err := payloadFor(it.ev)
	if err != nil {
		n.metrics.count(it.ev.Kind, outcomeFailed)
		it.log.Error().Str("notify_kind", it.ev.Kind).Err(err).Msg("notification not sent")
		return
	}
	var lastErr error
	for attempt := 1; attempt <= n.opts.Attempts; attempt++ {
		status, retryAfter, err := n.post(ctx, body)
		if err == nil && status/100 == 2 {
			n.metrics.count(it.ev.Kind, outcomeSent)
			return
		}
		lastErr = err
		if err == nil {
			lastErr = fmt.Errorf("webhook answered %d", status)
			if status != http.StatusTooManyRequests && status < 500 {
				break
			}
		}
		if attempt == n.opts.Attempts || ctx.Err() != nil {
			break
		}
		wait := n.backoff(attempt, retryAfter)
		it.log.Warn().Str("notify_kind", it.ev.Kind).Int("attempt", attempt).Int("status", status).
			Str("error", lastErr.Error()).Dur("wait", wait).Msg("notification failed; retrying")
		if !sleep(ctx, wait) {
			break
		}
	}
	n.metrics.count(it.ev.Kind, outcomeFailed)
	it.log.Error().Str("notify_kind", it.ev.Kind).Str("error", lastErr.Error()).Msg("notification failed; giving up")
}

// post sends one attempt. Its error never includes the URL: a Slack webhook
// URL is a credential, and *url.Error would print it.
func (n *Notifier) post(ctx context.Context, body []byte) (status int, retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return 0, 0, errors.New("failed to build the webhook request")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.opts.HTTPClient.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return 0, 0, fmt.Errorf("failed to post to the webhook: %w", ue.Err)
		}
		return 0, 0, errors.New("failed to post to the webhook")
	}
	defer resp.Body.Close()
	// Drain a little so the connection can be reused; the answer's content
	// is of no interest.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), nil
}

// backoff is the wait after the given failed attempt: Backoff doubled per
// attempt, or the server's Retry-After when longer, capped at MaxBackoff.
func (n *Notifier) backoff(attempt int, retryAfter time.Duration) time.Duration {
	wait := n.opts.Backoff
	for i := 1; i < attempt && wait < n.opts.MaxBackoff; i++ {
		wait *= 2
	}
	wait = max(wait, retryAfter)
	return min(wait, n.opts.MaxBackoff)
}

// parseRetryAfter reads delay-seconds or an HTTP date; anything else is 0.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(s, 0)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// sleep waits d unless ctx ends first; it reports whether the wait finished.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
