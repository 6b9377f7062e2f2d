package githubtest

import (
	"net/http"
	"regexp"
	"sync"
)

// hold keeps the calls it matches waiting until released.
type hold struct {
	method  string
	re      *regexp.Regexp
	arrived chan struct{} // one token per call that starts waiting (buffered, extra dropped)
	release chan struct{}
	once    sync.Once
}

// Hold makes the calls matching method ("" for any) and pathRegexp (the path
// without /api/v3) wait before they reach the API until release is called;
// then they proceed as usual. held receives a value when a call starts
// waiting. A test uses it to keep an evaluation at a known point for
// exactly as long as it needs: in progress while a process is killed or
// shut down, say. A call whose client gives up stops waiting.
func (s *Server) Hold(method, pathRegexp string) (held <-chan struct{}, release func()) {
	h := &hold{method: method, re: regexp.MustCompile(pathRegexp), arrived: make(chan struct{}, 100), release: make(chan struct{})}
	s.mu.Lock()
	s.holds = append(s.holds, h)
	s.mu.Unlock()
	return h.arrived, func() { h.once.Do(func() { close(h.release) }) }
}

// waitHolds waits while a hold matches the call.
func (s *Server) waitHolds(r *http.Request, path string) {
	s.mu.Lock()
	var matching []*hold
	for _, h := range s.holds {
		if (h.method == "" || h.method == r.Method) && h.re.MatchString(path) {
			matching = append(matching, h)
		}
	}
	s.mu.Unlock()
	for _, h := range matching {
		select {
		case <-h.release:
			continue
		default:
		}
		select {
		case h.arrived <- struct{}{}:
		default:
		}
		select {
		case <-h.release:
		case <-r.Context().Done():
			return
		}
	}
}
