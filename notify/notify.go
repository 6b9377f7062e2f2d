// Package notify sends Gatehouse's security notifications to a server-level
// outgoing webhook that speaks Slack's incoming-webhook JSON. Delivery is
// best effort by design: Notify never blocks and never fails the caller; a
// background worker retries with backoff, and what cannot be delivered shows
// in the logs and in gatehouse_notifications_total.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Notification kinds. Callers may pass others; they are sent with a generic
// title and counted under kind="other".
const (
	KindSecretFound     = "secret_found"
	KindForbiddenFile   = "forbidden_file"
	KindReviewRequested = "review_requested"
	KindOverrideUsed    = "override_used"
	KindOverrideRefused = "override_refused"
	KindConfigError     = "config_error"
)

// Event is one notification. What must never carry a secret value (pass a
// masked preview); it is scrubbed again before sending, as defence in depth.
type Event struct {
	Kind  string
	Repo  string // owner/name
	PR    int    // 0 when the event is not about a pull request
	Actor string // GitHub login that caused the event
	What  string // one line saying what happened
	Link  string // http(s) URL of the pull request, check run or file
}

// Options tune a Notifier. Zero values get the documented defaults.
type Options struct {
	// HTTPClient sends the requests (default: a client with a 10s timeout).
	HTTPClient *http.Client
	// Attempts is how many times one notification is tried (default 5).
	Attempts int
	// Backoff is the wait after the first failed attempt, doubling after
	// each further one (default 1s).
	Backoff time.Duration
	// MaxBackoff caps every wait, Retry-After included (default 1m).
	MaxBackoff time.Duration
	// QueueSize bounds the notifications waiting to be sent (default 1000);
	// beyond it they are dropped and counted.
	QueueSize int
	// Registerer receives gatehouse_notifications_total (nil: a private
	// registry).
	Registerer prometheus.Registerer
	// Logger is used when the context given to Notify carries no logger.
	Logger zerolog.Logger
}

func (o *Options) setDefaults() {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Attempts <= 0 {
		o.Attempts = 5
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 1000
	}
}

// Notifier delivers Events to one webhook URL. A nil *Notifier, or one made
// with an empty URL, accepts every call and does nothing, so callers need no
// conditionals. All methods are safe for concurrent use.
type Notifier struct {
	url     string
	opts    Options
	metrics *metrics
	badURL  error

	mu     sync.RWMutex // guards closed against sends on the closed queue
	closed bool
	queue  chan item
	done   chan struct{}
	cancel context.CancelFunc
}

type item struct {
	ev  Event
	log *zerolog.Logger
}

// New returns a Notifier for rawURL and starts its worker; Close stops it.
// An empty rawURL gives a no-op Notifier. An invalid one (see ValidateURL)
// gives a Notifier that counts and logs every event as failed, without ever
// printing the URL, which for Slack is itself a credential.
func New(rawURL string, opts Options) *Notifier {
	if rawURL == "" {
		return &Notifier{}
	}
	opts.setDefaults()
	n := &Notifier{url: rawURL, opts: opts, metrics: newMetrics(opts.Registerer)}
	if err := ValidateURL(rawURL); err != nil {
		n.badURL = err
		return n
	}
	ctx, cancel := context.WithCancel(context.Background())
	n.queue = make(chan item, opts.QueueSize)
	n.done = make(chan struct{})
	n.cancel = cancel
	go n.run(ctx)
	return n
}

// ValidateURL reports whether rawURL can be a notification webhook: an
// absolute http or https URL with a host. The error never repeats the URL.
func ValidateURL(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return errors.New("notification URL is not a valid URL")
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("notification URL must be an absolute http(s) URL")
	}
	return nil
}

// Notify queues e for delivery and returns at once. When the queue is full,
// or the Notifier is closed, e is dropped, logged and counted; it never
// blocks and never fails the caller. ctx is used only for its logger (the
// one zerolog.Ctx returns), so that delivery failures carry the caller's
// delivery, repository and pull request fields.
func (n *Notifier) Notify(ctx context.Context, e Event) {
	if n == nil || n.url == "" {
		return
	}
	log := zerolog.Ctx(ctx)
	if log.GetLevel() == zerolog.Disabled {
		log = &n.opts.Logger
	}
	if n.badURL != nil {
		n.metrics.count(e.Kind, outcomeFailed)
		log.Error().Str("notify_kind", e.Kind).Str("error", n.badURL.Error()).Msg("notification not sent")
		return
	}
	n.mu.RLock()
	defer n.mu.RUnlock()
	if !n.closed {
		select {
		case n.queue <- item{ev: e, log: log}:
			return
		default:
		}
	}
	n.metrics.count(e.Kind, outcomeDropped)
	log.Warn().Str("notify_kind", e.Kind).Msg("notification dropped: queue full or notifier closed")
}

// Close stops accepting events and waits until the queued ones are sent or
// given up, or until ctx is done: then the one in flight is abandoned, the
// rest are counted as dropped, and ctx's error is returned.
func (n *Notifier) Close(ctx context.Context) error {
	if n == nil || n.queue == nil {
		return nil
	}
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		close(n.queue)
	}
	n.mu.Unlock()
	select {
	case <-n.done:
		n.cancel()
		return nil
	case <-ctx.Done():
		n.cancel()
		<-n.done
		return fmt.Errorf("failed to drain notifications: %w", ctx.Err())
	}
}
