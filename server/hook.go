package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// MaxBodyBytes is GitHub's own cap on a delivery's payload.
const MaxBodyBytes = 25 << 20

// hookGuard sits in front of go-githubapp's dispatcher. It caps the body and
// requires a valid X-Hub-Signature-256 (never the weaker SHA-1 one, never
// none). Duplicates are dropped by the queue, in the database, so that a
// delivery sent to two replicas at once is stored once.
type hookGuard struct {
	secret []byte
	next   http.Handler
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
			h.reject(r, logger, "body over 25 MB")
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
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	// The dispatcher checks the signature again, with the SHA-1 header
	// preferred when present; give it only the one that was verified.
	r.Header.Del(github.SHA1SignatureHeader)
	h.next.ServeHTTP(w, r)
}

// reject audits a refused delivery (no or a bad signature, an oversized
// body): someone is sending forged or misconfigured deliveries.
func (h *hookGuard) reject(r *http.Request, logger zerolog.Logger, why string) {
	h.audit.Record(logger.WithContext(r.Context()), audit.Event{Kind: audit.KindDeliveryRejected,
		Delivery: r.Header.Get("X-GitHub-Delivery"), Outcome: "refused", Reason: why,
		Details: map[string]string{"remote": r.RemoteAddr, "event": r.Header.Get("X-GitHub-Event")}})
}
