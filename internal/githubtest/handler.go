package githubtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/routers"
)

// request is an API call after routing and authentication.
type request struct {
	http   *http.Request
	op     string            // OpenAPI operationId
	params map[string]string // path parameters, unescaped
	query  url.Values
	body   []byte
	route  *routers.Route
	raw    map[string]string // path parameters as routed, for validation
	orig   *url.URL          // the URL as requested, for Link headers
	appID  int64             // the App a JWT call authenticated as
}

// response is what a handler answers; serveHTTP adds GitHub's headers.
type response struct {
	status       int
	body         any // marshalled as JSON unless nil
	header       http.Header
	lastModified time.Time
	free         bool // costs no rate limit (GET /rate_limit, app JWT calls)
}

type handlerFunc func(s *Server, rq *request) *response

// jwtOps are the operations GitHub authenticates with the App's JWT.
var jwtOps = map[string]bool{
	"apps/get-authenticated":                true,
	"apps/list-installations":               true,
	"apps/get-installation":                 true,
	"apps/create-installation-access-token": true,
	"apps/get-repo-installation":            true,
	"apps/list-webhook-deliveries":          true,
	"apps/get-webhook-delivery":             true,
	"apps/redeliver-webhook-delivery":       true,
}

// multiSegment matches the paths whose last parameter may contain slashes
// (x-multi-segment in GitHub's description); gorilla/mux matches one segment.
var multiSegment = regexp.MustCompile(`^(/repos/[^/]+/[^/]+/(?:contents|compare|commits))(?:/(.*))?$`)

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if s.serveManifestWeb(w, r, body) {
		return
	}
	path := r.URL.EscapedPath()
	if p, ok := strings.CutPrefix(path, "/api/v3"); ok && (p == "" || p[0] == '/') {
		path = p
	}
	call := Call{
		Method:        r.Method,
		Path:          path,
		RawQuery:      r.URL.RawQuery,
		RequestHeader: r.Header.Clone(),
		RequestBody:   body,
		Time:          started,
	}
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
		}
	}
	s.waitHolds(r, path)
	s.mu.Lock()
	fault := s.matchFaultLocked(r.Method, path)
	s.mu.Unlock()
	if fault != nil {
		s.writeFault(w, fault, &call)
		return
	}
	resp, rq := s.dispatch(r, path, body)
	s.finish(w, r, rq, resp, &call)
}

// dispatch routes, authenticates, validates and runs the handler.
func (s *Server) dispatch(r *http.Request, path string, body []byte) (*response, *request) {
	routePath := path
	if m := multiSegment.FindStringSubmatch(path); m != nil && !strings.HasSuffix(path, "/check-runs") && !strings.HasSuffix(path, "/check-suites") && !strings.HasSuffix(path, "/status") {
		tail := strings.ReplaceAll(m[2], "/", "%2F")
		if tail == "" {
			tail = "%2F" // the root of contents: GitHub allows an empty path
		}
		routePath = m[1] + "/" + tail
	}
	rr := r.Clone(r.Context())
	rr.URL.Path, _ = url.PathUnescape(routePath)
	rr.URL.RawPath = routePath
	rr.Body = io.NopCloser(bytes.NewReader(body))
	route, raw, err := s.spec.router.FindRoute(rr)
	if err != nil {
		if !errors.Is(err, routers.ErrPathNotFound) && !errors.Is(err, routers.ErrMethodNotAllowed) {
			return errorResponse(http.StatusNotFound, "Not Found"), nil
		}
		return errorResponse(http.StatusNotFound, "Not Found"), nil
	}
	rq := &request{
		http:   rr,
		op:     route.Operation.OperationID,
		params: map[string]string{},
		query:  r.URL.Query(),
		body:   body,
		route:  route,
		raw:    raw,
		orig:   r.URL,
	}
	for k, v := range raw {
		u, err := url.PathUnescape(v)
		if err != nil {
			u = v
		}
		rq.params[k] = strings.Trim(u, "/")
	}
	s.mu.Lock()
	var fail *authFailure
	if jwtOps[rq.op] {
		rq.appID, fail = s.checkJWTLocked(r.Header)
	} else if rq.op != "apps/create-from-manifest" {
		fail = s.checkTokenLocked(r.Header)
	}
	s.mu.Unlock()
	if fail != nil {
		return errorResponse(http.StatusUnauthorized, fail.message), rq
	}
	if msg := s.validate(rq); msg != "" {
		s.mu.Lock()
		s.violations = append(s.violations, fmt.Sprintf("%s %s: %s", r.Method, path, msg))
		s.mu.Unlock()
		return &response{status: http.StatusUnprocessableEntity, body: map[string]any{
			"message":           "Invalid request.\n\n" + msg,
			"documentation_url": docsURL,
			"status":            "422",
		}}, rq
	}
	h, ok := handlers[rq.op]
	if !ok {
		s.mu.Lock()
		s.issues = append(s.issues, fmt.Sprintf("%s %s (%s) is in GitHub's API but not implemented by the fake", r.Method, path, rq.op))
		s.mu.Unlock()
		return errorResponse(http.StatusNotFound, "Not Found"), rq
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !jwtOps[rq.op] && rq.op != "rate-limit/get" && s.rate.exhausted() {
		return s.primaryLimitResponse(), rq
	}
	return h(s, rq), rq
}

// errorResponse is GitHub's basic-error body.
func errorResponse(status int, message string) *response {
	return &response{status: status, body: map[string]any{
		"message":           message,
		"documentation_url": docsURL,
		"status":            fmt.Sprint(status),
	}}
}

func notFound() *response { return errorResponse(http.StatusNotFound, "Not Found") }

// validationFailed is GitHub's 422 "Validation Failed" with one error.
func validationFailed(resource, field, code, message string) *response {
	e := map[string]any{"resource": resource, "field": field, "code": code}
	if message != "" {
		e["message"] = message
	}
	return &response{status: http.StatusUnprocessableEntity, body: map[string]any{
		"message":           "Validation Failed",
		"errors":            []any{e},
		"documentation_url": docsURL,
		"status":            "422",
	}}
}
