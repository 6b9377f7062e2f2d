// Package depsdev looks up package licences on deps.dev
// (GET /v3/systems/{system}/packages/{name}/versions/{version}).
package depsdev

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// ErrUnsupported is returned for an ecosystem deps.dev does not index.
var ErrUnsupported = errors.New("ecosystem not indexed by deps.dev")

// ErrNotFound is returned when deps.dev does not know the version.
var ErrNotFound = errors.New("version not known to deps.dev")

// Client reads licences from deps.dev, caching answers (found or not) by version.
type Client struct {
	base   string
	client *http.Client
	cache  *lru.Cache[string, []string]
	// Tries is how many times a failed call is made in all.
	Tries   int
	Backoff time.Duration
}

// New returns a client of the deps.dev API at baseURL (e.g. https://api.deps.dev).
func New(baseURL string, client *http.Client) *Client {
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	c, _ := lru.New[string, []string](20000)
	return &Client{base: strings.TrimRight(baseURL, "/"), client: client, cache: c, Tries: 2, Backoff: 300 * time.Millisecond}
}

// System maps an OSV ecosystem to a deps.dev system.
func System(ecosystem string) (string, bool) {
	switch ecosystem {
	case "Go":
		return "GO", true
	case "npm":
		return "NPM", true
	case "PyPI":
		return "PYPI", true
	case "crates.io":
		return "CARGO", true
	case "Maven":
		return "MAVEN", true
	case "RubyGems":
		return "RUBYGEMS", true
	case "NuGet":
		return "NUGET", true
	}
	return "", false
}

// Licenses returns the SPDX licence expressions deps.dev records for a
// version (empty when it records none).
func (c *Client) Licenses(ctx context.Context, ecosystem, name, version string) ([]string, error) {
	sys, ok := System(ecosystem)
	if !ok {
		return nil, ErrUnsupported
	}
	k := sys + "\x00" + name + "\x00" + version
	if l, ok := c.cache.Get(k); ok {
		if l == nil {
			return nil, ErrNotFound
		}
		return l, nil
	}
	u := c.base + "/v3/systems/" + sys + "/packages/" + url.PathEscape(name) + "/versions/" + url.PathEscape(version)
	var body struct {
		Licenses []string `json:"licenses"`
	}
	var err error
	wait := c.Backoff
	for t := 0; t < max(c.Tries, 1); t++ {
		if t > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		var status int
		status, err = c.get(ctx, u, &body)
		if status == http.StatusNotFound {
			c.cache.Add(k, nil)
			return nil, ErrNotFound
		}
		if err == nil {
			break
		}
		if status != 0 && status < 500 && status != http.StatusTooManyRequests {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("deps.dev %s %s@%s: %w", sys, name, version, err)
	}
	if body.Licenses == nil {
		body.Licenses = []string{}
	}
	c.cache.Add(k, body.Licenses)
	return body.Licenses, nil
}

func (c *Client) get(ctx context.Context, u string, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return resp.StatusCode, fmt.Errorf("unexpected HTTP status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(out); err != nil {
		return resp.StatusCode, fmt.Errorf("invalid response: %w", err)
	}
	return resp.StatusCode, nil
}
