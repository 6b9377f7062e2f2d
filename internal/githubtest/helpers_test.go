package githubtest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"
)

// newGitHub returns a go-github client authenticated as the App's
// installation through ghinstallation, the way go-githubapp builds it, on
// top of base (nil: a plain transport). enterprise uses the /api/v3/ URL.
func newGitHub(t testing.TB, s *Server, base http.RoundTripper, enterprise bool) *github.Client {
	t.Helper()
	if base == nil {
		base = &http.Transport{}
	}
	itr, err := ghinstallation.New(base, s.AppID(), s.InstallationID(), s.PrivateKeyPEM())
	if err != nil {
		t.Fatalf("ghinstallation: %v", err)
	}
	api := s.URL()
	if enterprise {
		api = s.EnterpriseURL()
	}
	itr.BaseURL = strings.TrimSuffix(api, "/")
	c := github.NewClient(&http.Client{Transport: itr})
	u, _ := url.Parse(api)
	c.BaseURL = u
	return c
}

// newAppGitHub is a client authenticated with the App's JWT.
func newAppGitHub(t *testing.T, s *Server) *github.Client {
	t.Helper()
	atr, err := ghinstallation.NewAppsTransport(&http.Transport{}, s.AppID(), s.PrivateKeyPEM())
	if err != nil {
		t.Fatalf("ghinstallation: %v", err)
	}
	atr.BaseURL = strings.TrimSuffix(s.URL(), "/")
	c := github.NewClient(&http.Client{Transport: atr})
	u, _ := url.Parse(s.URL())
	c.BaseURL = u
	return c
}

// prFixture is octo-org/widgets with a README on main and an open PR from
// "feature" that changes it and adds a file.
type prFixture struct {
	s    *Server
	repo *Repo
	pr   *PullRequest
	gh   *github.Client
	ctx  context.Context
}

func newPRFixture(t *testing.T, opts ...Option) prFixture {
	t.Helper()
	s := New(t, append([]Option{ValidateResponses()}, opts...)...)
	repo := s.AddRepo("octo-org", "widgets")
	repo.Commit("main", "Add README", "alice", map[string]*string{"README.md": Content("# widgets\n\nhello\n")})
	repo.CreateBranch("feature", "main")
	repo.Commit("feature", "Change things", "bob", map[string]*string{
		"README.md":   Content("# widgets\n\nhello, world\n"),
		"src/main.go": Content("package main\n\nfunc main() {}\n"),
	})
	pr := s.OpenPR(repo, PROptions{Head: "feature", Title: "Change things", Body: "Please review", Author: "bob"})
	return prFixture{s: s, repo: repo, pr: pr, gh: newGitHub(t, s, nil, false), ctx: context.Background()}
}

// result holds a go-github call's outcome: res(client.X(...)).must(t).
type result[T any] struct {
	v    T
	resp *github.Response
	err  error
}

func res[T any](v T, resp *github.Response, err error) result[T] { return result[T]{v, resp, err} }

func (r result[T]) must(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatalf("unexpected error: %v", r.err)
	}
	return r.v
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newBenchGitHub(b *testing.B, s *Server) *github.Client { return newGitHub(b, s, nil, false) }
