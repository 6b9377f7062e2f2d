package appsetup_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/appsetup"
	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// TestCallbackRefusals: what the callback does with every kind of bad or
// unlucky redirect. A refusal of the state or the output never reaches GitHub
// (so the single-use code survives a problem the user can fix).
func TestCallbackRefusals(t *testing.T) {
	const conversions = `^/app-manifests/[^/]+/conversions$`
	for _, tc := range []struct {
		name string
		// before runs after the walk to the callback; it may change the URL.
		before       func(t *testing.T, h *harness, callback string) string
		wantStatus   int
		wantText     string
		wantExchange int // conversion calls GitHub saw
		opts         []githubtest.Option
		org          string
	}{
		{
			name: "state mismatch",
			before: func(t *testing.T, h *harness, cb string) string {
				return withQuery(t, cb, "state", "forged-state")
			},
			wantStatus: http.StatusBadRequest, wantText: "was not started by this gatehouse setup run",
		},
		{
			name: "no state",
			before: func(t *testing.T, h *harness, cb string) string {
				return withQuery(t, cb, "state", "")
			},
			wantStatus: http.StatusBadRequest, wantText: "nothing was sent to GitHub",
		},
		{
			name: "reused state",
			before: func(t *testing.T, h *harness, cb string) string {
				if status, body := visit(t, cb); status != http.StatusOK {
					t.Fatalf("first visit: %d %s", status, body)
				}
				return cb
			},
			wantStatus: http.StatusBadRequest, wantText: "already used", wantExchange: 1,
		},
		{
			name: "reused code",
			before: func(t *testing.T, h *harness, cb string) string {
				u, _ := url.Parse(cb)
				// Someone (an earlier run) exchanged this code already.
				resp, err := h.gh.Client().Post(h.gh.URL()+"app-manifests/"+u.Query().Get("code")+"/conversions", "application/json", nil)
				if err != nil || resp.StatusCode != http.StatusCreated {
					t.Fatalf("first exchange: %v %v", err, resp)
				}
				resp.Body.Close()
				return cb
			},
			wantStatus: http.StatusBadGateway, wantText: "Start again", wantExchange: 2,
		},
		{
			name: "conversion refused (422)",
			before: func(t *testing.T, h *harness, cb string) string {
				h.gh.InjectFault(githubtest.Fault{PathRegexp: conversions, Status: 422,
					Body: `{"message":"Validation Failed","documentation_url":"https://docs.github.com/rest"}`})
				return cb
			},
			wantStatus: http.StatusBadGateway, wantText: "expired (codes last one hour) or was already used", wantExchange: 1,
		},
		{
			name: "GitHub down (503)",
			before: func(t *testing.T, h *harness, cb string) string {
				h.gh.InjectFault(githubtest.Fault{PathRegexp: conversions, Status: 503})
				return cb
			},
			wantStatus: http.StatusBadGateway, wantText: "GitHub answered 503", wantExchange: 1,
		},
		{
			name: "an App owned by someone else",
			org:  "octo-org",
			before: func(t *testing.T, h *harness, cb string) string {
				// Another client of the page registers an App of its own
				// organisation and sends its code with this page's state.
				page := get(t, noRedirects(), h.flow.PageURL())
				action := strings.Replace(html.UnescapeString(submatch(t, formAction, page)), "/organizations/octo-org/", "/organizations/evil-org/", 1)
				theirs := h.gh.SubmitManifest(t, action, html.UnescapeString(submatch(t, formManifest, page)))
				tu, _ := url.Parse(theirs)
				return withQuery(t, cb, "code", tu.Query().Get("code"))
			},
			wantStatus: http.StatusBadRequest, wantText: "this App belongs to evil-org, not octo-org", wantExchange: 1,
		},
		{
			name: "output file exists",
			before: func(t *testing.T, h *harness, cb string) string {
				if err := os.WriteFile(h.out, []byte("# another App\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				return cb
			},
			wantStatus: http.StatusConflict, wantText: "already exists; move it away or pass --force",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.org, appsetup.FormatEnv, append(tc.opts, githubtest.AllowViolations())...)
			h.serveHandler(t)
			cb := tc.before(t, h, h.walkToCallback(t))
			outBefore, _ := os.ReadFile(h.out)
			status, body := visit(t, cb)
			if status != tc.wantStatus || !strings.Contains(body, tc.wantText) {
				t.Errorf("callback answered %d, want %d with %q:\n%s", status, tc.wantStatus, tc.wantText, body)
			}
			if n := h.gh.CallCount("POST", conversions); n != tc.wantExchange {
				t.Errorf("GitHub saw %d code exchanges, want %d", n, tc.wantExchange)
			}
			if outAfter, _ := os.ReadFile(h.out); tc.name != "reused state" && string(outAfter) != string(outBefore) {
				t.Errorf("the output file changed on a refusal: %q", outAfter)
			}
		})
	}
}

// TestCallbackAfterOutputFixed: the file in the way is moved, the same
// redirect is reloaded, and the registration completes: the code survived.
func TestCallbackAfterOutputFixed(t *testing.T) {
	h := newHarness(t, "", appsetup.FormatYAML)
	done := h.runFlow(context.Background())
	cb := h.walkToCallback(t)
	if err := os.WriteFile(h.out, []byte("# another App\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if status, body := visit(t, cb); status != http.StatusConflict {
		t.Fatalf("with the file in the way: %d %s", status, body)
	}
	if err := os.Remove(h.out); err != nil {
		t.Fatal(err)
	}
	if status, body := visit(t, cb); status != http.StatusOK || !strings.Contains(body, "gatehouse serve --config "+h.out) {
		t.Fatalf("after moving it: %d %s", status, body)
	}
	select {
	case r := <-done:
		if r.err != nil || r.creds.Owner != "octocat" {
			t.Fatalf("Run = %+v, %v", r.creds, r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after the registration")
	}
}

// TestEnterpriseServer: with GHES URLs the exchange goes to HOST/api/v3/.
func TestEnterpriseServer(t *testing.T) {
	h := newHarness(t, "octo-org", appsetup.FormatEnv)
	web, api, err := appsetup.GitHubURLs(func(k string) string {
		return map[string]string{"GITHUB_WEB_URL": h.gh.WebURL()}[k]
	})
	if err != nil || api != h.gh.EnterpriseURL() {
		t.Fatalf("GitHubURLs = %s %s %v, want the API at %s", web, api, err, h.gh.EnterpriseURL())
	}
	h.reconfigure(func(o *appsetup.Options) { o.WebURL, o.APIURL = web, api })
	h.serveHandler(t)
	if status, body := visit(t, h.walkToCallback(t)); status != http.StatusOK {
		t.Fatalf("callback: %d %s", status, body)
	}
	if calls := h.gh.CallsTo("apps/create-from-manifest"); len(calls) != 1 {
		t.Fatalf("%d exchanges", len(calls))
	}
	b, _ := os.ReadFile(h.out)
	if !strings.Contains(string(b), `GITHUB_V3_API_URL="`+h.gh.EnterpriseURL()+`"`) {
		t.Errorf("the env file does not point serve at GHES:\n%s", b)
	}
}

// TestRunStopsAfterTimeout: with no registration the page stops by itself
// (60 minutes by default) and says so.
func TestRunStopsAfterTimeout(t *testing.T) {
	h := newHarness(t, "", appsetup.FormatEnv)
	h.reconfigure(func(o *appsetup.Options) { o.Timeout = 50 * time.Millisecond })
	r := <-h.runFlow(context.Background())
	if !errors.Is(r.err, appsetup.ErrTimedOut) {
		t.Fatalf("Run = %v, want ErrTimedOut", r.err)
	}
	if _, err := http.Get(h.flow.PageURL()); err == nil {
		t.Error("the page still answers after the timeout")
	}
	if _, err := os.Stat(h.out); err == nil {
		t.Error("an output file was written")
	}
}

// TestPageRefusesOtherHosts: a page elsewhere cannot reach the local server
// through DNS rebinding, and the page's headers keep its state in it.
func TestPageRefusesOtherHosts(t *testing.T) {
	h := newHarness(t, "", appsetup.FormatEnv)
	h.serveHandler(t)
	req, _ := http.NewRequest("GET", h.flow.PageURL(), nil)
	req.Host = "attacker.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a foreign Host got %d", resp.StatusCode)
	}
	resp, err = http.Get(h.flow.PageURL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for k, want := range map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action "+h.gh.WebURL()) || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
}

func withQuery(t *testing.T, u, k, v string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := p.Query()
	q.Set(k, v)
	p.RawQuery = q.Encode()
	return p.String()
}
