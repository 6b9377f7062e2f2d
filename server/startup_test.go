package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestAuthenticationErrorSaysWhy(t *testing.T) {
	// A port that was just closed refuses connections, as an unreachable GitHub does.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/"
	l.Close()
	refused := func() error {
		c := github.NewClient(nil)
		c.BaseURL = mustURL(t, closed)
		_, _, err := c.Apps.Get(context.Background(), "")
		return err
	}
	answered := func(status int) error {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"message":"Bad credentials"}`))
		}))
		defer srv.Close()
		c := github.NewClient(nil)
		c.BaseURL = mustURL(t, srv.URL+"/")
		_, _, err := c.Apps.Get(context.Background(), "")
		return err
	}
	tests := []struct {
		name    string
		err     error
		want    string
		notWant string
	}{
		{"connection refused", refused(), "GitHub is unreachable at " + closed + " (check GITHUB_V3_API_URL, DNS, proxy and firewall)", "wrong id or key"},
		{"a timeout", context.DeadlineExceeded, "GitHub is unreachable", "wrong id or key"},
		{"bad credentials", answered(http.StatusUnauthorized), "GitHub refused GitHub App 42 at " + closed + " (401: wrong id or key?)", "unreachable"},
		{"no such app", answered(http.StatusNotFound), "(404: wrong id or key?)", "unreachable"},
		{"GitHub failing", answered(http.StatusBadGateway), "GitHub answered 502", "wrong id or key"},
		{"anything else", errors.New("boom"), "cannot authenticate as GitHub App 42 at " + closed + ": boom", "wrong id or key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := authenticationError(42, closed, tt.err).Error()
			if !strings.Contains(got, tt.want) || strings.Contains(got, tt.notWant) {
				t.Errorf("got %q, want %q without %q", got, tt.want, tt.notWant)
			}
			if !strings.HasPrefix(got, "refusing to start: ") {
				t.Errorf("got %q, want the refusal first", got)
			}
		})
	}
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
