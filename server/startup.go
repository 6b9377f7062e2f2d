package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/google/go-github/v60/github"
)

// authenticationError says why the App could not authenticate at start-up
// in words that point at the fix: a network failure is not a wrong id or
// key, and an operator who reads "wrong key" would rotate a good one.
func authenticationError(appID int64, apiURL string, err error) error {
	var resp *github.ErrorResponse
	var netErr net.Error
	switch {
	case errors.As(err, &resp) && resp.Response != nil:
		status := resp.Response.StatusCode
		if status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusNotFound {
			return fmt.Errorf("refusing to start: GitHub refused GitHub App %d at %s (%d: wrong id or key?): %w", appID, apiURL, status, err)
		}
		return fmt.Errorf("refusing to start: cannot authenticate as GitHub App %d: GitHub answered %d at %s: %w", appID, status, apiURL, err)
	case errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("refusing to start: GitHub is unreachable at %s (check GITHUB_V3_API_URL, DNS, proxy and firewall): %w", apiURL, err)
	}
	return fmt.Errorf("refusing to start: cannot authenticate as GitHub App %d at %s: %w", appID, apiURL, err)
}
