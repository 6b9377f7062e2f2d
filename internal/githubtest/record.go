package githubtest

import (
	"net/http"
	"regexp"
	"time"
)

// Call is one request the server received and what it answered.
type Call struct {
	Method         string
	Path           string // without the /api/v3 prefix, still escaped
	RawQuery       string
	Operation      string // GitHub's operationId, e.g. "checks/update"; "" when unrouted
	Status         int    // 0 for a dropped connection
	RequestHeader  http.Header
	RequestBody    []byte
	ResponseHeader http.Header
	ResponseBody   []byte
	Time           time.Time
	Duration       time.Duration
}

// Calls returns every call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallCount counts the calls with method ("" for any) whose path matches
// pathRegexp (the path without /api/v3, e.g. `/check-runs/\d+$`).
func (s *Server) CallCount(method, pathRegexp string) int {
	re := regexp.MustCompile(pathRegexp)
	n := 0
	for _, c := range s.Calls() {
		if (method == "" || c.Method == method) && re.MatchString(c.Path) {
			n++
		}
	}
	return n
}

// CallsTo returns the calls made to one operation, e.g. "checks/update".
func (s *Server) CallsTo(operation string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Operation == operation {
			out = append(out, c)
		}
	}
	return out
}

// ResetCalls forgets the recorded calls, e.g. between two phases of a test.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}
