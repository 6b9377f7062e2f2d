package githubtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v60/github"
)

func TestAppJWT(t *testing.T) {
	s := New(t, ValidateResponses())
	s.AddRepo("octo-org", "widgets")
	app := newAppGitHub(t, s)
	a := res(app.Apps.Get(t.Context(), "")).must(t)
	if a.GetID() != s.AppID() || a.GetSlug() != "gatehouse" {
		t.Errorf("app %d %q", a.GetID(), a.GetSlug())
	}
	inst := res(app.Apps.FindRepositoryInstallation(t.Context(), "octo-org", "widgets")).must(t)
	if inst.GetID() != s.InstallationID() || inst.GetAccount().GetLogin() != "octo-org" {
		t.Errorf("installation %d on %s", inst.GetID(), inst.GetAccount().GetLogin())
	}
	tok := res(app.Apps.CreateInstallationToken(t.Context(), s.InstallationID(), nil)).must(t)
	if !strings.HasPrefix(tok.GetToken(), "ghs_") || tok.GetPermissions().GetChecks() != "write" {
		t.Errorf("token %q permissions %+v", tok.GetToken(), tok.GetPermissions())
	}
	if s.RateLimitUsed() != 0 {
		t.Errorf("app calls cost %d installation rate limit", s.RateLimitUsed())
	}

	otherKey, err := rsa.GenerateKey(rand.Reader, 1024) // any other key; small to keep the test fast
	if err != nil {
		t.Fatal(err)
	}
	badPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(otherKey)})
	atr, err := ghinstallation.NewAppsTransport(&http.Transport{}, s.AppID(), badPEM)
	if err != nil {
		t.Fatal(err)
	}
	bad := github.NewClient(&http.Client{Transport: atr})
	bad.BaseURL = app.BaseURL
	_, resp, err := bad.Apps.Get(t.Context(), "")
	var er *github.ErrorResponse
	if !errors.As(err, &er) || resp.StatusCode != http.StatusUnauthorized || er.Message == "" {
		t.Errorf("a JWT signed by another key: %v", err)
	}
	s.RejectAppJWT(true)
	if _, resp, err := app.Apps.Get(t.Context(), ""); err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("RejectAppJWT: %v", err)
	}
	if _, resp, err := s.tokenClient(t).Apps.Get(t.Context(), ""); err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("an installation token on /app: %v", err)
	}
}

// tokenClient authenticates with a fixed installation token, minted directly.
func (s *Server) tokenClient(t *testing.T) *github.Client {
	s.mu.Lock()
	tok, _ := s.issueTokenLocked()
	s.mu.Unlock()
	c := github.NewClient(nil).WithAuthToken(tok)
	c.BaseURL = mustURL(t, s.URL())
	return c
}

func TestInstallationTokens(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(s *Server)
		wantErr bool
		mints   int
	}{
		{"valid token", func(*Server) {}, false, 1},
		{"next token check fails", func(s *Server) { s.FailTokenChecks(1) }, true, 1},
		{"revoked tokens", func(s *Server) { s.RevokeTokens() }, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPRFixture(t)
			res(f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")).must(t)
			tt.prepare(f.s)
			_, resp, err := f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				var er *github.ErrorResponse
				if !errors.As(err, &er) || resp.StatusCode != http.StatusUnauthorized || er.Message != "Bad credentials" {
					t.Errorf("want 401 Bad credentials, got %v", err)
				}
			}
			if tt.name == "next token check fails" {
				res(f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")).must(t) // the retry works
			}
			if n := f.s.CallCount(http.MethodPost, `/access_tokens$`); n != tt.mints {
				t.Errorf("%d tokens minted, want %d", n, tt.mints)
			}
		})
	}
	t.Run("no credentials", func(t *testing.T) {
		s := New(t)
		s.AddRepo("octo-org", "widgets")
		c := github.NewClient(nil)
		c.BaseURL = mustURL(t, s.URL())
		if _, resp, err := c.Repositories.Get(t.Context(), "octo-org", "widgets"); err == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous call: %v", err)
		}
	})
	t.Run("short-lived tokens are refreshed", func(t *testing.T) {
		s := New(t)
		s.AddRepo("octo-org", "widgets")
		s.SetTokenTTL(30 * time.Second) // inside ghinstallation's one-minute refresh margin
		gh := newGitHub(t, s, nil, false)
		for i := 0; i < 2; i++ {
			res(gh.Repositories.Get(t.Context(), "octo-org", "widgets")).must(t)
		}
		if n := s.CallCount(http.MethodPost, `/access_tokens$`); n != 2 {
			t.Errorf("%d tokens minted, want one per call", n)
		}
	})
}
