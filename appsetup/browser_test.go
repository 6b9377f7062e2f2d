package appsetup_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gatehouse-sec/gatehouse/appsetup"
	"github.com/gatehouse-sec/gatehouse/config"
)

// chromiumPath finds the browser the end-to-end test drives. Missing, the
// test fails rather than skips: .ci/run installs Debian's chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on PATH: the setup page is tested in a real browser; install it (apt-get install -y chromium, as .ci/run does)")
	return ""
}

// newBrowser starts one headless Chromium for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.WindowSize(1000, 1200),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(cancelCtx)
	tctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelT)
	return tctx
}

// browserStep is an action, or a read whose text lands in into.
type browserStep struct {
	do   chromedp.Action[chromedp.Void]
	read chromedp.Action[string]
	into *string
}

// runSteps runs steps in order, then shoot (if any), and answers its image.
func runSteps(t *testing.T, ctx context.Context, steps []browserStep, shoot func() ([]byte, error)) []byte {
	t.Helper()
	for i, st := range steps {
		var err error
		if st.read != nil {
			*st.into, err = chromedp.Run(ctx, st.read)
		} else {
			err = chromedp.Do(ctx, st.do)
		}
		if err != nil {
			t.Fatalf("browser step %d: %v", i, err)
		}
	}
	if shoot == nil {
		return nil
	}
	b, err := shoot()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	return b
}

// TestSetupInBrowser is the whole registration as a user does it: open the
// local page in Chromium, press its button, confirm on (the fake) GitHub,
// land back on the callback; then the written file must hold the App GitHub
// created, and `gatehouse serve --env-file` must start with it.
func TestSetupInBrowser(t *testing.T) {
	started := time.Now()
	ctx := newBrowser(t)
	h := newHarness(t, "octo-org", appsetup.FormatEnv)
	done := h.runFlow(ctx)

	page := []browserStep{
		{do: chromedp.Navigate(h.flow.PageURL())},
		{do: chromedp.WaitVisible(chromedp.ID("create"))},
		{read: chromedp.Text(chromedp.CSS("main")), into: new(string)},
		{do: chromedp.Click(chromedp.ID("create"))},
		{do: chromedp.WaitVisible(chromedp.ID("confirm"))},
		{read: chromedp.Text(chromedp.ID("manifest")), into: new(string)},
		{do: chromedp.Click(chromedp.ID("confirm"))},
		{do: chromedp.WaitVisible(chromedp.ID("app-id"))},
		{read: chromedp.Text(chromedp.ID("app-id")), into: new(string)},
		{read: chromedp.Text(chromedp.ID("app-slug")), into: new(string)},
		{read: chromedp.Text(chromedp.ID("install")), into: new(string)},
		{read: chromedp.Text(chromedp.ID("serve")), into: new(string)},
	}
	shot := runSteps(t, ctx, page[:3], func() ([]byte, error) { return chromedp.Run(ctx, chromedp.FullScreenshot(100)) })
	doneShot := runSteps(t, ctx, page[3:], func() ([]byte, error) { return chromedp.Run(ctx, chromedp.FullScreenshot(100)) })
	pageText, manifestShown := *page[2].into, *page[5].into
	appID, slug, install, serveCmd := *page[8].into, *page[9].into, *page[10].into, *page[11].into
	res := <-done
	if res.err != nil {
		t.Fatalf("setup: %v", res.err)
	}
	t.Logf("browser flow took %s", time.Since(started).Round(time.Millisecond))
	// GATEHOUSE_SETUP_SCREENSHOT=page.png keeps the screenshots of the setup
	// page and of the success page (page-done.png), to look at them.
	if p := os.Getenv("GATEHOUSE_SETUP_SCREENSHOT"); p != "" {
		for name, img := range map[string][]byte{p: shot, strings.TrimSuffix(p, ".png") + "-done.png": doneShot} {
			if err := os.WriteFile(name, img, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, img := range [][]byte{shot, doneShot} {
		if !bytes.HasPrefix(img, []byte("\x89PNG")) {
			t.Errorf("a screenshot is not a PNG image (%d bytes)", len(img))
		}
	}

	// The page said what will be created, with app.yml's reasons.
	for _, want := range []string{publicURL + "/api/github/hook", "the organisation octo-org", "checks", "write",
		"Create and complete the four check runs", "pull_request_review", "an InfoSec approval"} {
		if !strings.Contains(pageText, want) {
			t.Errorf("the setup page does not show %q:\n%s", want, pageText)
		}
	}
	// GitHub's form received the manifest the page described.
	if !strings.Contains(manifestShown, `"url": "`+publicURL+`/api/github/hook"`) {
		t.Errorf("GitHub's form shows another webhook URL:\n%s", manifestShown)
	}
	apps := h.gh.RegisteredApps()
	if len(apps) != 1 {
		t.Fatalf("GitHub registered %d Apps, want 1", len(apps))
	}
	app := apps[0]
	if app.Owner != "octo-org" || app.Manifest.Public || app.Manifest.HookAttributes.URL != publicURL+"/api/github/hook" {
		t.Errorf("registered App: owner %s, public %v, hook %s", app.Owner, app.Manifest.Public, app.Manifest.HookAttributes.URL)
	}
	if appID != strconvI(app.ID) || slug != app.Slug || res.creds.AppID != app.ID {
		t.Errorf("done page shows id %s slug %s, GitHub created %d %s", appID, slug, app.ID, app.Slug)
	}
	if want := h.gh.WebURL() + "/apps/" + app.Slug + "/installations/new"; install != want {
		t.Errorf("install link %q, want %q", install, want)
	}
	if serveCmd != "gatehouse serve --env-file "+h.out {
		t.Errorf("next step %q", serveCmd)
	}

	// The file: mode 0600, GitHub's credentials, and nothing secret on the terminal.
	st, err := os.Stat(h.out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %04o, want 0600", h.out, st.Mode().Perm())
	}
	vals, err := config.ReadEnvFile(h.out)
	if err != nil {
		t.Fatal(err)
	}
	if vals["GITHUB_APP_WEBHOOK_SECRET"] != app.WebhookSecret || vals["GITHUB_APP_INTEGRATION_ID"] != strconvI(app.ID) ||
		!strings.HasPrefix(vals["GITHUB_APP_PRIVATE_KEY"], "-----BEGIN RSA PRIVATE KEY-----\n") {
		t.Errorf("the env file does not hold the App's credentials: %v", keysOf(vals))
	}
	term := h.progress.String()
	if strings.Contains(term, app.WebhookSecret) || strings.Contains(term, "PRIVATE KEY") {
		t.Errorf("the terminal shows a secret:\n%s", term)
	}
	for _, want := range []string{install, "gatehouse serve --env-file " + h.out} {
		if !strings.Contains(term, want) {
			t.Errorf("the terminal does not show %q:\n%s", want, term)
		}
	}

	// The server starts with the file and is ready.
	serveReady(t, h.out)
	t.Logf("whole test took %s", time.Since(started).Round(time.Millisecond))
}
