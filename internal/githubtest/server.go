// Package githubtest is a stateful, in-process fake of the GitHub REST API for
// end-to-end tests. It authenticates like a GitHub App installation, validates
// every request against GitHub's own OpenAPI description, answers with the
// shapes go-github v60 parses, and records every call, so that a request
// GitHub would reject fails the test instead of passing silently.
//
// Typical use:
//
//	gh := githubtest.New(t)
//	repo := gh.AddRepo("octo-org", "widgets")
//	repo.Commit("main", "base", "alice", map[string]*string{"README.md": githubtest.Content("hi\n")})
//	repo.CreateBranch("feature", "main")
//	repo.Commit("feature", "leak", "bob", map[string]*string{"config.env": githubtest.Content("KEY=...\n")})
//	pr := gh.OpenPR(repo, githubtest.PROptions{Head: "feature", Author: "bob"})
//	// configure the app with gh.URL(), gh.AppID(), gh.PrivateKeyPEM(), then deliver:
//	githubtest.NewDelivery(t, hookURL, secret, "pull_request", "d1", gh.PullRequestEvent("opened", pr, "bob"))
//	runs := gh.CheckRuns("octo-org", "widgets", pr.HeadSHA())
//
// Known differences from GitHub: patches match `git diff --no-indent-heuristic`
// (git's default indent heuristic can place an ambiguous hunk differently);
// renames are detected for identical content only; the installation covers
// every repository; only the operations in testdata's description exist.
// The App manifest flow's form (WebURL()+"/settings/apps/new", also under
// /organizations/ORG/) registers Apps with real keys: they authenticate as
// themselves for GET /app, while installation endpoints answer for the
// fake's own App.
package githubtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	appSlug  = "gatehouse"
	appName  = "Gatehouse"
	appOwner = "gatehouse-sec"
	// docsURL is the documentation_url GitHub sends with generic errors.
	docsURL = "https://docs.github.com/rest"
)

// Server is a fake GitHub. Build its state with the plain Go methods
// (AddRepo, Repo.Commit, OpenPR, AddTeam, ...), point the app at URL(), and
// assert on Calls, CheckRuns, Comments, Labels and RequestedReviewers.
// All methods are safe for concurrent use.
type Server struct {
	t    testing.TB
	http *httptest.Server
	spec *apiSpec
	cfg  config
	once sync.Once // close runs once, whether from Cleanup or a benchmark

	mu       sync.Mutex
	clock    int64 // seconds added to commitEpoch for the next commit
	ids      int64 // last id handed out
	users    map[string]*user
	repos    map[string]*Repo // by lower-case "owner/name"
	objs     objectStore
	teams    map[string]*Team // by lower-case "org/slug"
	runs     map[int64]*checkRun
	suites   map[int64]*checkSuite
	comments map[int64]*issueComment
	labels   map[int64]*label
	diffs    diffCache
	flow     manifestFlow

	auth       authState
	rate       rateState
	faults     []*Fault
	holds      []*hold
	latency    time.Duration
	calls      []Call
	violations []string
	issues     []string // problems of the fake itself (unimplemented endpoint, bad response)
	hooks      hookState
}

// config holds what Options set.
type config struct {
	allowViolations   bool
	membersForbidden  bool
	validateResponses bool
	patchMaxBytes     int
	patchMaxLines     int
	maxPRFiles        int
	rateLimit         int
}

// Option configures a Server.
type Option func(*config)

// AllowViolations stops the server from failing the test at cleanup when it
// rejected a request as invalid. Use it in tests that provoke such requests.
func AllowViolations() Option { return func(c *config) { c.allowViolations = true } }

// TeamMembersForbidden makes the org team endpoints answer 403 "Resource not
// accessible by integration", as GitHub does when the App lacks `members: read`.
func TeamMembersForbidden() Option { return func(c *config) { c.membersForbidden = true } }

// ValidateResponses checks every response the fake sends against the OpenAPI
// description and fails the test when one does not match: a check of the fake
// itself, slower, used by the fake's own tests.
func ValidateResponses() Option { return func(c *config) { c.validateResponses = true } }

// PatchLimits sets the size past which a file's `patch` is omitted, as GitHub
// does for large diffs. Defaults: 1 MB or 20,000 lines, GitHub's documented
// per-file diff limits.
func PatchLimits(maxBytes, maxLines int) Option {
	return func(c *config) { c.patchMaxBytes, c.patchMaxLines = maxBytes, maxLines }
}

// MaxPullRequestFiles sets how many files the pull request files endpoint
// lists at most (GitHub: 3000).
func MaxPullRequestFiles(n int) Option { return func(c *config) { c.maxPRFiles = n } }

// RateLimit sets the installation's hourly primary rate limit (default 5000).
// Once it is used up, calls answer 403 with x-ratelimit-remaining: 0.
func RateLimit(n int) Option { return func(c *config) { c.rateLimit = n } }

// New starts a fake GitHub on 127.0.0.1 and closes it when the test ends. At
// cleanup it fails the test if any request was rejected as one GitHub would
// reject (see AllowViolations).
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	spec, err := loadSpec()
	if err != nil {
		t.Fatalf("githubtest: %v", err)
	}
	cfg := config{
		patchMaxBytes: 1 << 20,
		patchMaxLines: 20000,
		maxPRFiles:    3000,
		rateLimit:     5000,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		t:        t,
		spec:     spec,
		cfg:      cfg,
		ids:      1000,
		users:    map[string]*user{},
		repos:    map[string]*Repo{},
		objs:     newObjectStore(),
		teams:    map[string]*Team{},
		runs:     map[int64]*checkRun{},
		suites:   map[int64]*checkSuite{},
		comments: map[int64]*issueComment{},
		labels:   map[int64]*label{},
		diffs:    diffCache{},
	}
	s.auth = newAuthState(s.nextIDLocked())
	s.rate = newRateState(cfg.rateLimit)
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.close)
	return s
}

func (s *Server) close() { s.once.Do(s.shutdown) }

func (s *Server) shutdown() {
	s.http.Close()
	s.mu.Lock()
	violations := append([]string(nil), s.violations...)
	issues := append([]string(nil), s.issues...)
	s.mu.Unlock()
	for _, i := range issues {
		s.t.Errorf("githubtest: the fake cannot answer faithfully: %s", i)
	}
	if len(violations) > 0 && !s.cfg.allowViolations {
		s.t.Errorf("githubtest: %d request(s) GitHub would reject:\n%s",
			len(violations), strings.Join(violations, "\n"))
	}
}

// URL is the server's base URL with a trailing slash. The API is served both
// at the root (like api.github.com) and under /api/v3/ (like GitHub
// Enterprise Server), so either can be the app's v3 base URL.
func (s *Server) URL() string { return s.http.URL + "/" }

// EnterpriseURL is URL()+"api/v3/", the GitHub Enterprise Server form.
func (s *Server) EnterpriseURL() string { return s.http.URL + "/api/v3/" }

// Client returns an HTTP client without authentication that talks to the server.
func (s *Server) Client() *http.Client { return s.http.Client() }

// SetLatency delays every API call by d, to test timeouts and concurrency.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Violations lists the requests the server rejected as GitHub would
// (invalid by the OpenAPI description or by a documented limit).
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// nextIDLocked hands out ids unique across all object kinds, as GitHub's are
// unique per kind; sharing one counter makes mixed-up ids visible in tests.
func (s *Server) nextIDLocked() int64 {
	s.ids++
	return s.ids
}

// apiURL is the absolute API URL of path (no leading slash), like GitHub's
// `url` fields.
func (s *Server) apiURL(path string) string { return s.http.URL + "/" + path }

// webURL is the absolute web URL of path, like GitHub's `html_url` fields.
func (s *Server) webURL(path string) string { return s.http.URL + "/" + path }
