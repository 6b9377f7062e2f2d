package githubtest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// Fault makes matching calls fail before they reach the API, the way GitHub
// fails under load or rate limiting.
type Fault struct {
	// Method matches the request method; "" matches any.
	Method string
	// PathRegexp matches the path without the /api/v3 prefix; "" matches any.
	PathRegexp string
	// Status is the answer's status: 500, 502, 503, 403, 429, ...
	Status int
	// Times is how many matching calls fail; 0 means every one until ClearFaults.
	Times int
	// RetryAfter, when set, sends Retry-After (in seconds); with 403 or 429
	// the body is GitHub's secondary rate limit message.
	RetryAfter time.Duration
	// RateLimitReset, when set, sends x-ratelimit-remaining: 0 and this reset
	// time: with 403 it is GitHub's primary rate limit answer.
	RateLimitReset time.Time
	// Body replaces the default JSON body.
	Body string
	// NetworkError drops the connection without an answer. Go's transport
	// retries an idempotent request once when a reused connection drops, so
	// a caller sees the error only when two attempts in a row are dropped.
	NetworkError bool

	re *regexp.Regexp
}

// InjectFault adds a fault; faults are tried in the order added.
func (s *Server) InjectFault(f Fault) {
	f.re = regexp.MustCompile(f.PathRegexp)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

func (s *Server) matchFaultLocked(method, path string) *Fault {
	for i, f := range s.faults {
		if (f.Method == "" || f.Method == method) && f.re.MatchString(path) {
			if f.Times > 0 {
				f.Times--
				if f.Times == 0 {
					s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
				}
			}
			return f
		}
	}
	return nil
}

func (s *Server) writeFault(w http.ResponseWriter, f *Fault, call *Call) {
	if f.NetworkError {
		s.mu.Lock()
		call.Duration = time.Since(call.Time)
		s.calls = append(s.calls, *call)
		s.mu.Unlock()
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if f.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
	}
	if !f.RateLimitReset.IsZero() {
		s.mu.Lock()
		h.Set("X-RateLimit-Limit", strconv.Itoa(s.rate.limit))
		s.mu.Unlock()
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Used", h.Get("X-RateLimit-Limit"))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(f.RateLimitReset.Unix(), 10))
		h.Set("X-RateLimit-Resource", "core")
	}
	body := []byte(f.Body)
	if f.Body == "" {
		body, _ = json.Marshal(faultBody(f))
	}
	s.mu.Lock()
	s.rate.setHeaders(h)
	call.Status = f.Status
	call.ResponseHeader = h.Clone()
	call.ResponseBody = body
	call.Duration = time.Since(call.Time)
	s.calls = append(s.calls, *call)
	s.mu.Unlock()
	w.WriteHeader(f.Status)
	_, _ = w.Write(body)
}

// faultBody is the JSON GitHub sends with each kind of failure.
func faultBody(f *Fault) map[string]any {
	msg := http.StatusText(f.Status)
	doc := docsURL
	switch {
	case (f.Status == http.StatusForbidden || f.Status == http.StatusTooManyRequests) && !f.RateLimitReset.IsZero():
		msg = "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID."
		doc = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit"
	case f.Status == http.StatusForbidden || f.Status == http.StatusTooManyRequests:
		msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID."
		doc = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
	case f.Status >= 500:
		msg = "Server Error"
	case f.Status == http.StatusUnauthorized:
		msg = "Bad credentials"
	}
	return map[string]any{"message": msg, "documentation_url": doc, "status": strconv.Itoa(f.Status)}
}
