package appsetup

import (
	"fmt"
	"net/url"
	"strings"
)

// GitHubURLs reads GITHUB_WEB_URL and GITHUB_V3_API_URL as `serve` does
// (defaults: github.com). For GitHub Enterprise Server, GITHUB_WEB_URL alone
// is enough: the API is then at HOST/api/v3/.
func GitHubURLs(getenv func(string) string) (web, api string, err error) {
	web = strings.TrimSuffix(getenv("GITHUB_WEB_URL"), "/")
	api = getenv("GITHUB_V3_API_URL")
	if web == "" {
		web = "https://github.com"
	}
	if api == "" {
		api = "https://api.github.com/"
		if web != "https://github.com" {
			api = web + "/api/v3/"
		}
	}
	if !strings.HasSuffix(api, "/") {
		api += "/"
	}
	// In this order: a bad GITHUB_WEB_URL also spoils the API URL derived from it.
	for _, v := range [][2]string{{"GITHUB_WEB_URL", web}, {"GITHUB_V3_API_URL", api}} {
		if u, perr := url.Parse(v[1]); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return "", "", fmt.Errorf("%s is not an http(s) URL: %q", v[0], v[1])
		}
	}
	return web, api, nil
}

// CheckPublicURL accepts the https base URL GitHub will deliver webhooks to.
func CheckPublicURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--url must be the server's public https URL, like https://gatehouse.example.com (got %q)", s)
	}
	return nil
}
