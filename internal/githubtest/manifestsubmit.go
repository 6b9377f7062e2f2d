package githubtest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// SubmitManifest does what a browser and its user do on GitHub's "new App"
// form without a browser: post manifest to action (the form's URL with its
// ?state=), press "Create GitHub App", and answer the URL GitHub then
// redirects to (redirect_url?code=CODE&state=STATE), not yet visited.
func (s *Server) SubmitManifest(t testing.TB, action, manifest string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(action, url.Values{"manifest": {manifest}})
	if err != nil {
		t.Fatalf("githubtest: posting the manifest: %v", err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, id, ok := strings.Cut(string(page), `name="form_id" value="`)
	id, _, _ = strings.Cut(id, `"`)
	if resp.StatusCode != http.StatusOK || !ok {
		t.Fatalf("githubtest: the new App form answered %d:\n%s", resp.StatusCode, page)
	}
	resp, err = c.PostForm(s.WebURL()+manifestConfirmPath, url.Values{"form_id": {id}})
	if err != nil {
		t.Fatalf("githubtest: confirming the App: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("githubtest: confirming the App answered %d, want a redirect", resp.StatusCode)
	}
	return resp.Header.Get("Location")
}
