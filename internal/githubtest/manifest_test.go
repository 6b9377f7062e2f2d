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

const testManifest = `{"name":"Acme Gate","url":"https://example.com","hook_attributes":{"url":"https://gate.example.com/api/github/hook","active":true},` +
	`"redirect_url":"http://127.0.0.1:9/cb","public":false,"default_permissions":{"checks":"write"},"default_events":["check_run"]}`

// manifestCode walks the fake's form and answers GitHub's redirect.
func manifestCode(t *testing.T, s *Server, path, manifest string) *url.URL {
	t.Helper()
	return mustURL(t, s.SubmitManifest(t, s.WebURL()+path+"?state=st4te", manifest))
}

// TestManifestFlow: the code converts once into an App with a real key that
// authenticates (GET /app answers that App); the answer matches GitHub's
// description (ValidateResponses).
func TestManifestFlow(t *testing.T) {
	for _, tc := range []struct{ name, path, owner string }{
		{"organisation", "/organizations/octo-org/settings/apps/new", "octo-org"},
		{"personal account", "/settings/apps/new", "octocat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(t, ValidateResponses())
			loc := manifestCode(t, s, tc.path, testManifest)
			if loc.Host != "127.0.0.1:9" || loc.Path != "/cb" || loc.Query().Get("state") != "st4te" {
				t.Fatalf("redirected to %s", loc)
			}
			gh := github.NewClient(s.Client())
			gh.BaseURL = mustURL(t, s.URL())
			cfg, _, err := gh.Apps.CompleteAppManifest(context.Background(), loc.Query().Get("code"))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.GetSlug() != "acme-gate" || cfg.GetOwner().GetLogin() != tc.owner || cfg.GetWebhookSecret() == "" {
				t.Errorf("App %s owned by %s", cfg.GetSlug(), cfg.GetOwner().GetLogin())
			}
			_, resp, err := gh.Apps.CompleteAppManifest(context.Background(), loc.Query().Get("code"))
			if err == nil || resp.StatusCode != http.StatusNotFound {
				t.Errorf("a second exchange of the code: %v", err)
			}

			tr, err := ghinstallation.NewAppsTransport(http.DefaultTransport, cfg.GetID(), []byte(cfg.GetPEM()))
			if err != nil {
				t.Fatal(err)
			}
			tr.BaseURL = strings.TrimSuffix(s.URL(), "/")
			app := github.NewClient(&http.Client{Transport: tr})
			app.BaseURL = mustURL(t, s.URL())
			got, _, err := app.Apps.Get(context.Background(), "")
			if err != nil || got.GetID() != cfg.GetID() || got.GetPermissions().GetChecks() != "write" {
				t.Errorf("GET /app as the new App: %v %v", got, err)
			}
			if apps := s.RegisteredApps(); len(apps) != 1 || apps[0].Manifest.HookAttributes.URL != "https://gate.example.com/api/github/hook" {
				t.Errorf("RegisteredApps = %+v", apps)
			}
		})
	}
}

func TestManifestFormRejects(t *testing.T) {
	for _, tc := range []struct{ name, manifest, want string }{
		{"undocumented key", strings.Replace(testManifest, `"public"`, `"private"`, 1), `unknown field "private"`},
		{"no redirect_url", strings.Replace(testManifest, `"redirect_url"`, `"setup_url"`, 1), "no redirect_url"},
		{"no url", strings.Replace(testManifest, `"url":"https://example.com",`, ``, 1), "no url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(t, AllowViolations())
			resp, err := http.PostForm(s.WebURL()+"/settings/apps/new", url.Values{"manifest": {tc.manifest}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			v := s.Violations()
			if resp.StatusCode != http.StatusUnprocessableEntity || len(v) != 1 || !strings.Contains(v[0], tc.want) {
				t.Errorf("answered %d, violations %q; want 422 and %q", resp.StatusCode, v, tc.want)
			}
		})
	}
}
