package githubtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// page is one page of a list: items [start, end) and the Link header.
type page struct {
	start, end int
	link       string
}

// paginate applies per_page (default def, at most 100 as GitHub clamps it)
// and page to a list of n items, and builds GitHub's Link header with the
// first, prev, next and last relations that apply.
func (s *Server) paginate(rq *request, n, def int) page {
	per := def
	if v, err := strconv.Atoi(rq.query.Get("per_page")); err == nil && v > 0 {
		per = v
	}
	if per > 100 && def <= 100 {
		per = 100
	}
	num := 1
	if v, err := strconv.Atoi(rq.query.Get("page")); err == nil && v > 0 {
		num = v
	}
	last := (n + per - 1) / per
	if last < 1 {
		last = 1
	}
	p := page{start: (num - 1) * per, end: num * per}
	if p.start > n {
		p.start = n
	}
	if p.end > n {
		p.end = n
	}
	linkTo := func(k int, rel string) string {
		q := rq.orig.Query()
		q.Set("page", strconv.Itoa(k))
		if rq.query.Get("per_page") != "" {
			q.Set("per_page", rq.query.Get("per_page"))
		}
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, strings.TrimSuffix(s.http.URL, "/"), rq.orig.EscapedPath(), q.Encode(), rel)
	}
	var links []string
	if num > 1 {
		links = append(links, linkTo(num-1, "prev"))
	}
	if num < last {
		links = append(links, linkTo(num+1, "next"), linkTo(last, "last"))
	}
	if num > 1 {
		links = append(links, linkTo(1, "first"))
	}
	p.link = strings.Join(links, ", ")
	return p
}

// respond answers the page with body, and its Link header if it has one.
func (p page) respond(body any) *response {
	resp := &response{body: body}
	if p.link != "" {
		resp.header = http.Header{"Link": {p.link}}
	}
	return resp
}

// listResponse answers one page of items.
func (s *Server) listResponse(rq *request, items []any, def int) *response {
	p := s.paginate(rq, len(items), def)
	return p.respond(append([]any{}, items[p.start:p.end]...))
}

// noCommit is GitHub's answer to a ref or head SHA the repository lacks.
func noCommit(ref string) *response {
	return &response{status: http.StatusUnprocessableEntity, body: map[string]any{
		"message": "No commit found for SHA: " + ref, "documentation_url": docsURL, "status": "422",
	}}
}
