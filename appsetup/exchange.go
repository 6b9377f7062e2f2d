package appsetup

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v60/github"
)

// ErrCodeRejected is GitHub refusing the temporary code (404 or 422): it is
// valid for one hour and for one exchange only, so the user must start again.
var ErrCodeRejected = errors.New("GitHub did not accept the registration code: it expired (codes last one hour) or was already used")

// Credentials are what GitHub returns for a new App, as Gatehouse stores them.
// The client secret is dropped: Gatehouse does no OAuth.
type Credentials struct {
	AppID         int64
	Slug          string
	Name          string
	Owner         string
	HTMLURL       string
	WebhookSecret string
	PrivateKeyPEM string
	// WebURL and APIURL say which GitHub the App lives on (GHES or github.com).
	WebURL string
	APIURL string
}

// InstallURL is where the App is installed on an account.
func (c *Credentials) InstallURL() string {
	return strings.TrimSuffix(c.WebURL, "/") + "/apps/" + c.Slug + "/installations/new"
}

// Exchange trades the temporary code for the App's credentials with
// POST /app-manifests/{code}/conversions, which needs no authentication.
func Exchange(ctx context.Context, hc *http.Client, webURL, apiURL, code string) (*Credentials, error) {
	client := github.NewClient(hc)
	if apiURL != "" && apiURL != "https://api.github.com/" {
		var err error
		if client, err = client.WithEnterpriseURLs(apiURL, apiURL); err != nil {
			return nil, fmt.Errorf("invalid GitHub API URL %q: %w", apiURL, err)
		}
	}
	cfg, resp, err := client.Apps.CompleteAppManifest(ctx, code)
	if err != nil {
		if resp != nil && (resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusUnprocessableEntity) {
			return nil, ErrCodeRejected
		}
		// The error's text holds the request URL, and with it the code: name
		// the status or the network failure instead.
		if resp != nil {
			return nil, fmt.Errorf("failed to exchange the registration code at %s: GitHub answered %s", client.BaseURL, resp.Status)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("failed to exchange the registration code at %s: %w", client.BaseURL, err)
	}
	c := &Credentials{
		AppID: cfg.GetID(), Slug: cfg.GetSlug(), Name: cfg.GetName(), Owner: cfg.GetOwner().GetLogin(),
		HTMLURL: cfg.GetHTMLURL(), WebhookSecret: cfg.GetWebhookSecret(), PrivateKeyPEM: cfg.GetPEM(),
		// The API URL as configured: serve normalises it the same way.
		WebURL: webURL, APIURL: apiURL,
	}
	switch {
	case c.AppID <= 0 || c.Slug == "":
		return nil, errors.New("GitHub's answer has no App id or slug")
	case c.WebhookSecret == "":
		return nil, errors.New("GitHub's answer has no webhook secret: Gatehouse refuses unsigned deliveries")
	case !strings.Contains(c.PrivateKeyPEM, "PRIVATE KEY"):
		return nil, errors.New("GitHub's answer has no PEM private key")
	}
	return c, nil
}
