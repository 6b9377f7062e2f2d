package githubtest

import (
	"net/http"
	"strconv"
	"time"
)

// rateState is the installation's primary (core) rate limit window.
type rateState struct {
	limit int
	used  int
	reset time.Time
}

func newRateState(limit int) rateState {
	return rateState{limit: limit, reset: time.Now().Add(time.Hour).Truncate(time.Second)}
}

func (r *rateState) roll() {
	if time.Now().After(r.reset) {
		r.used = 0
		r.reset = time.Now().Add(time.Hour).Truncate(time.Second)
	}
}

func (r *rateState) charge() {
	r.roll()
	r.used++
}

func (r *rateState) exhausted() bool {
	r.roll()
	return r.used >= r.limit
}

func (r *rateState) remaining() int {
	if r.used >= r.limit {
		return 0
	}
	return r.limit - r.used
}

// setHeaders writes the x-ratelimit-* headers GitHub sends on every response.
func (r *rateState) setHeaders(h http.Header) {
	r.roll()
	if h.Get("X-RateLimit-Remaining") != "" {
		return // a fault set them
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(r.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(r.remaining()))
	h.Set("X-RateLimit-Used", strconv.Itoa(r.used))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(r.reset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// RateLimitUsed is how many calls cost primary rate limit: authenticated
// installation calls, except 304s and GET /rate_limit, as GitHub counts.
func (s *Server) RateLimitUsed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate.roll()
	return s.rate.used
}

// primaryLimitResponse is GitHub's answer once the hourly limit is used up.
func (s *Server) primaryLimitResponse() *response {
	return &response{status: http.StatusForbidden, free: true, body: map[string]any{
		"message":           "API rate limit exceeded for installation ID " + strconv.FormatInt(s.auth.installationID, 10) + ".",
		"documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
		"status":            "403",
	}}
}

func (s *Server) rateLimitJSON() map[string]any {
	s.rate.roll()
	core := map[string]any{
		"limit":     s.rate.limit,
		"used":      s.rate.used,
		"remaining": s.rate.remaining(),
		"reset":     s.rate.reset.Unix(),
	}
	other := func(limit int) map[string]any {
		return map[string]any{"limit": limit, "used": 0, "remaining": limit, "reset": s.rate.reset.Unix()}
	}
	return map[string]any{
		"resources": map[string]any{
			"core":                 core,
			"search":               other(30),
			"graphql":              other(5000),
			"integration_manifest": other(5000),
			"code_search":          other(10),
		},
		"rate": core,
	}
}

func getRateLimit(s *Server, rq *request) *response {
	return &response{body: s.rateLimitJSON(), free: true}
}
