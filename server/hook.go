package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// MaxBodyBytes is GitHub's own cap on a delivery's payload.
const MaxBodyBytes = 25 << 20

// hookGuard sits in front of go-githubapp's dispatcher. It caps the body,
// requires a valid X-Hub-Signature-256 (never the weaker SHA-1 one, never
// none), and drops redeliveries of a delivery id it already accepted, after
// answering them 2xx so that GitHub records no failure. A delivery that the
// dispatcher refuses (queue full) is forgotten, so its redelivery is processed.
type hookGuard struct {
	secret []byte
	next   http.Handler
	seen   *deliverySet
	audit  *audit.Logger
}

func (h *hookGuard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logger := zerolog.Ctx(r.Context()).With().Str("github_event_type", r.Header.Get("X-GitHub-Event")).
		Str("github_delivery_id", r.Header.Get("X-GitHub-Delivery")).Logger()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			logger.Warn().Msg("delivery refused: body over 25 MB")
			http.Error(w, "payload too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	sig := r.Header.Get(github.SHA256SignatureHeader)
	if sig == "" {
		h.reject(r, logger, "no X-Hub-Signature-256")
		http.Error(w, "missing X-Hub-Signature-256", http.StatusUnauthorized)
		return
	}
	if err := github.ValidateSignature(sig, body, h.secret); err != nil {
		h.reject(r, logger, "bad signature")
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	id := r.Header.Get("X-GitHub-Delivery")
	if id != "" && !h.seen.claim(id) {
		logger.Info().Msg("duplicate delivery acknowledged and dropped")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("duplicate delivery\n"))
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	// The dispatcher checks the signature again, with the SHA-1 header
	// preferred when present; give it only the one that was verified.
	r.Header.Del(github.SHA1SignatureHeader)
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	h.next.ServeHTTP(rec, r)
	if id != "" && rec.status >= 300 {
		h.seen.release(id)
	}
}

// reject audits a delivery refused for its signature: someone is sending
// forged or misconfigured deliveries.
func (h *hookGuard) reject(r *http.Request, logger zerolog.Logger, why string) {
	h.audit.Record(logger.WithContext(r.Context()), audit.Event{Kind: audit.KindDeliveryRejected,
		Delivery: r.Header.Get("X-GitHub-Delivery"), Outcome: "refused", Reason: why,
		Details: map[string]string{"remote": r.RemoteAddr, "event": r.Header.Get("X-GitHub-Event")}})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// deliverySet remembers the most recent delivery ids (bounded, FIFO).
type deliverySet struct {
	mu    sync.Mutex
	max   int
	ids   map[string]bool
	order []string
}

func newDeliverySet(max int) *deliverySet {
	return &deliverySet{max: max, ids: map[string]bool{}}
}

// claim returns true the first time it sees id.
func (d *deliverySet) claim(id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ids[id] {
		return false
	}
	d.ids[id] = true
	d.order = append(d.order, id)
	if len(d.order) > d.max {
		delete(d.ids, d.order[0])
		d.order = d.order[1:]
	}
	return true
}

func (d *deliverySet) release(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.ids, id)
}
