package githubtest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-github/v60/github"
	"github.com/gregjones/httpcache"
)

func TestConditionalRequestsThroughHTTPCache(t *testing.T) {
	for _, enterprise := range []bool{false, true} {
		t.Run("enterprise="+strconv.FormatBool(enterprise), func(t *testing.T) {
			f := newPRFixture(t)
			cache := httpcache.NewTransport(httpcache.NewMemoryCache())
			cache.Transport = &forceRevalidate{next: &http.Transport{}}
			gh := newGitHub(t, f.s, cache, enterprise)

			first := res(gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)).must(t)
			_, resp, err := gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Header.Get(httpcache.XFromCache) != "1" {
				t.Errorf("second GET was not served from the cache")
			}
			calls := f.s.CallsTo("pulls/get")
			if len(calls) != 2 || calls[0].Status != http.StatusOK || calls[1].Status != http.StatusNotModified || len(calls[1].ResponseBody) != 0 {
				t.Fatalf("want a 200 then an empty 304, got %d calls", len(calls))
			}
			if calls[1].RequestHeader.Get("If-None-Match") != calls[0].ResponseHeader.Get("ETag") {
				t.Errorf("If-None-Match %q, ETag %q", calls[1].RequestHeader.Get("If-None-Match"), calls[0].ResponseHeader.Get("ETag"))
			}
			if got := calls[0].ResponseHeader.Get("Cache-Control"); got != "private, max-age=60, s-maxage=60" {
				t.Errorf("Cache-Control %q", got)
			}
			if f.s.RateLimitUsed() != 1 {
				t.Errorf("rate limit used %d, want 1: a 304 is free", f.s.RateLimitUsed())
			}

			f.pr.AddLabel("security")
			after := res(gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)).must(t)
			if len(after.Labels) != 1 || len(first.Labels) != 0 {
				t.Errorf("a change was hidden by the cache: labels %d", len(after.Labels))
			}
			if f.s.RateLimitUsed() != 2 {
				t.Errorf("rate limit used %d, want 2", f.s.RateLimitUsed())
			}
		})
	}
}

// forceRevalidate plays go-githubapp's WithClientCaching(true, ...): it
// rewrites max-age to 0 so every cached answer is revalidated.
type forceRevalidate struct{ next http.RoundTripper }

func (f *forceRevalidate) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := f.next.RoundTrip(r)
	if err == nil {
		resp.Header.Set("Cache-Control", "private, max-age=0, s-maxage=0")
	}
	return resp, err
}

func TestRateLimitHeaders(t *testing.T) {
	f := newPRFixture(t, RateLimit(3))
	for i := 1; i <= 3; i++ {
		_, resp, err := f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")
		if err != nil {
			t.Fatal(err)
		}
		if resp.Rate.Limit != 3 || resp.Rate.Remaining != 3-i || resp.Header.Get("X-RateLimit-Resource") != "core" {
			t.Errorf("call %d: limit %d remaining %d", i, resp.Rate.Limit, resp.Rate.Remaining)
		}
	}
	_, _, err := f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")
	if _, ok := err.(*github.RateLimitError); !ok {
		t.Errorf("past the limit: %T %v, want *github.RateLimitError", err, err)
	}
	limits := res(f.gh.RateLimit.Get(f.ctx)).must(t)
	if limits.GetCore().Remaining != 0 || f.s.RateLimitUsed() != 3 {
		t.Errorf("rate_limit says %d remaining, used %d", limits.GetCore().Remaining, f.s.RateLimitUsed())
	}
}
