package appsetup_test

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse"
	"github.com/gatehouse-sec/gatehouse/appsetup"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

const publicURL = "https://gatehouse.example.com"

// harness is a fake GitHub and a setup flow pointed at it.
type harness struct {
	gh       *githubtest.Server
	flow     *appsetup.Flow
	out      string
	progress *strings.Builder
	l        net.Listener
	spec     *appsetup.AppSpec
	opts     appsetup.Options
}

// reconfigure rebuilds the flow with changed options.
func (h *harness) reconfigure(change func(*appsetup.Options)) {
	change(&h.opts)
	h.flow = appsetup.NewFlow(h.opts, h.l.Addr())
}

// newHarness prepares a flow on a free loopback port (not yet serving).
func newHarness(t *testing.T, org string, format appsetup.Format, opts ...githubtest.Option) *harness {
	t.Helper()
	spec, err := appsetup.ParseAppSpec(gatehouse.AppManifest)
	if err != nil {
		t.Fatal(err)
	}
	gh := githubtest.New(t, opts...)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	h := &harness{gh: gh, out: filepath.Join(t.TempDir(), format.DefaultFile()), progress: &strings.Builder{}, l: l, spec: spec}
	h.opts = appsetup.Options{
		Spec: spec, PublicURL: publicURL, Org: org, WebURL: gh.WebURL(), APIURL: gh.URL(),
		Out: h.out, Format: format, Client: gh.Client(), Progress: h.progress,
	}
	h.flow = appsetup.NewFlow(h.opts, l.Addr())
	return h
}

// serveHandler serves the flow's handler without Run's stop-after-success,
// for tests that replay a callback after it succeeded.
func (h *harness) serveHandler(t *testing.T) {
	srv := &http.Server{Handler: h.flow.Handler()}
	go func() { _ = srv.Serve(h.l) }()
	t.Cleanup(func() { srv.Close() })
}

var (
	formAction   = regexp.MustCompile(`<form method="post" action="([^"]+)">`)
	formManifest = regexp.MustCompile(`name="manifest" value="([^"]+)"`)
)

// walkToCallback does what the browser does up to GitHub's redirect: load
// the page, post its manifest to the fake's form, confirm. It answers the
// callback URL GitHub sends the browser to, not yet visited.
func (h *harness) walkToCallback(t *testing.T) string {
	t.Helper()
	page := get(t, noRedirects(), h.flow.PageURL())
	return h.gh.SubmitManifest(t, html.UnescapeString(submatch(t, formAction, page)), html.UnescapeString(submatch(t, formManifest, page)))
}

func noRedirects() *http.Client {
	return &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, resp)
}

// visit GETs u and answers the status and the page's text.
func visit(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := noRedirects().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readAll(t, resp)
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func submatch(t *testing.T, re *regexp.Regexp, s string) string {
	t.Helper()
	m := re.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %s in:\n%s", re, s)
	}
	return m[1]
}

// runFlow runs the flow as `gatehouse setup` does and answers its result.
func (h *harness) runFlow(ctx context.Context) <-chan result {
	ch := make(chan result, 1)
	go func() {
		c, err := h.flow.Run(ctx, h.l)
		ch <- result{c, err}
	}()
	return ch
}

type result struct {
	creds *appsetup.Credentials
	err   error
}
