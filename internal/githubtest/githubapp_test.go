package githubtest

import (
	"net/http"
	"testing"

	"github.com/google/go-github/v60/github"
	"github.com/gregjones/httpcache"
	"github.com/palantir/go-githubapp/githubapp"
)

// TestGitHubAppClientCreator drives the fake through the stack Gatehouse
// uses: go-githubapp's ClientCreator with an always-revalidating HTTP cache.
func TestGitHubAppClientCreator(t *testing.T) {
	for _, base := range []string{"root", "enterprise"} {
		t.Run(base, func(t *testing.T) {
			f := newPRFixture(t)
			cfg := githubapp.Config{V3APIURL: f.s.URL()}
			if base == "enterprise" {
				cfg.V3APIURL = f.s.EnterpriseURL()
			}
			cfg.App.IntegrationID = f.s.AppID()
			cfg.App.PrivateKey = string(f.s.PrivateKeyPEM())
			cc, err := githubapp.NewDefaultCachingClientCreator(cfg,
				githubapp.WithClientCaching(true, func() httpcache.Cache { return httpcache.NewMemoryCache() }))
			if err != nil {
				t.Fatal(err)
			}
			app, err := cc.NewAppClient()
			if err != nil {
				t.Fatal(err)
			}
			if a := res(app.Apps.Get(f.ctx, "")).must(t); a.GetSlug() != "gatehouse" {
				t.Errorf("app slug %q", a.GetSlug())
			}
			gh, err := cc.NewInstallationClient(f.s.InstallationID())
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				files := res(gh.PullRequests.ListFiles(f.ctx, "octo-org", "widgets", 1, &github.ListOptions{PerPage: 100})).must(t)
				if len(files) != 2 {
					t.Fatalf("%d files", len(files))
				}
			}
			calls := f.s.CallsTo("pulls/list-files")
			if len(calls) != 2 || calls[1].Status != http.StatusNotModified {
				t.Errorf("the second listing was not revalidated with a 304: %d calls", len(calls))
			}
			if f.s.RateLimitUsed() != 1 {
				t.Errorf("rate limit used %d, want 1", f.s.RateLimitUsed())
			}
		})
	}
}
