package githubtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// finish writes resp with GitHub's headers, answers conditional GETs with
// 304, charges the rate limit and records the call.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, rq *request, resp *response, call *Call) {
	var body []byte
	if resp.body != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(resp.body); err != nil {
			panic(fmt.Sprintf("githubtest: failed to encode a response: %v", err))
		}
		body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	if body != nil {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("FA4E:%04X:%06X", call.Time.Nanosecond()%0xffff, len(call.Path)))
	h.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
	h.Set("Server", "github.com")
	status := resp.status
	if status == 0 {
		status = http.StatusOK
	}
	if r.Method == http.MethodGet && status == http.StatusOK {
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
		if !resp.lastModified.IsZero() {
			h.Set("Last-Modified", resp.lastModified.UTC().Format(http.TimeFormat))
		}
		if notModified(r.Header, etag, resp.lastModified) {
			status = http.StatusNotModified
			body = nil
			resp.free = true // GitHub: a 304 on an authorised call costs nothing
			h.Del("Content-Type")
		}
	}
	authed := rq != nil && status != http.StatusUnauthorized && !jwtOps[rq.op]
	s.mu.Lock()
	if authed && !resp.free {
		s.rate.charge()
	}
	s.rate.setHeaders(h)
	if s.cfg.validateResponses && rq != nil && status != http.StatusNotModified {
		s.checkResponseLocked(rq, status, h, body)
	}
	call.Status = status
	call.Operation = opOf(rq)
	call.ResponseHeader = h.Clone()
	call.ResponseBody = body
	call.Duration = time.Since(call.Time)
	s.calls = append(s.calls, *call)
	s.mu.Unlock()
	if body != nil {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func opOf(rq *request) string {
	if rq == nil {
		return ""
	}
	return rq.op
}

// notModified evaluates If-None-Match (weak comparison, lists, "*"), or
// If-Modified-Since when no If-None-Match is sent, as RFC 9110 orders them.
func notModified(h http.Header, etag string, lastModified time.Time) bool {
	if inm := h.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	if ims := h.Get("If-Modified-Since"); ims != "" && !lastModified.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !lastModified.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}

// checkResponseLocked validates a response against the description: a bug
// found here is the fake's, reported at cleanup.
func (s *Server) checkResponseLocked(rq *request, status int, h http.Header, body []byte) {
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: rq.http, PathParams: rq.raw, Route: rq.route,
		},
		Status:  status,
		Header:  h,
		Options: &openapi3filter.Options{IncludeResponseStatus: false, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000] + "..."
		}
		s.issues = append(s.issues, fmt.Sprintf("response of %s %s (%d) does not match GitHub's schema: %s", rq.http.Method, rq.http.URL.Path, status, msg))
	}
}
