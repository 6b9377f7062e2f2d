package githubtest

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		check func(t *testing.T, resp *github.Response, err error)
	}{
		{"500", Fault{Status: 500, Times: 1}, wantStatus(500)},
		{"502", Fault{Status: 502, Times: 1}, wantStatus(502)},
		{"503", Fault{Status: 503, Times: 1}, wantStatus(503)},
		{"secondary rate limit", Fault{Status: 403, Times: 1, RetryAfter: 7 * time.Second}, func(t *testing.T, _ *github.Response, err error) {
			var abuse *github.AbuseRateLimitError
			if !errors.As(err, &abuse) || abuse.GetRetryAfter() != 7*time.Second || !strings.Contains(abuse.Message, "secondary rate limit") {
				t.Errorf("got %T %v, want AbuseRateLimitError with Retry-After 7s", err, err)
			}
		}},
		{"primary rate limit", Fault{Status: 403, Times: 1, RateLimitReset: time.Now().Add(time.Second)}, func(t *testing.T, _ *github.Response, err error) {
			var rl *github.RateLimitError
			if !errors.As(err, &rl) || rl.Rate.Remaining != 0 || rl.Rate.Reset.IsZero() {
				t.Errorf("got %T %v, want RateLimitError", err, err)
			}
		}},
		{"429 with Retry-After", Fault{Status: 429, Times: 1, RetryAfter: 2 * time.Second}, func(t *testing.T, resp *github.Response, err error) {
			if err == nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
				t.Errorf("got %v", err)
			}
		}},
		// Go's transport retries an idempotent request once when a reused
		// connection drops, so two drops are needed for the caller to see one.
		{"network error", Fault{NetworkError: true, Times: 2}, func(t *testing.T, resp *github.Response, err error) {
			if err == nil || resp != nil {
				t.Errorf("got response %v error %v, want a transport error", resp, err)
			}
		}},
		{"custom body", Fault{Status: 500, Times: 1, Body: `{"message":"boom"}`}, func(t *testing.T, _ *github.Response, err error) {
			var er *github.ErrorResponse
			if !errors.As(err, &er) || er.Message != "boom" {
				t.Errorf("got %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newPRFixture(t)
			tt.fault.Method, tt.fault.PathRegexp = http.MethodGet, `/pulls/1$`
			f.s.InjectFault(tt.fault)
			_, resp, err := f.gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)
			tt.check(t, resp, err)
			if strings.Contains(tt.name, "rate limit") {
				return // go-github now refuses calls until the reset, by design
			}
			res(f.gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)).must(t)
			if n := f.s.CallCount(http.MethodGet, `/pulls/1$`); n != tt.fault.Times+1 {
				t.Errorf("%d calls recorded, want %d", n, tt.fault.Times+1)
			}
		})
	}
}

func wantStatus(code int) func(t *testing.T, resp *github.Response, err error) {
	return func(t *testing.T, resp *github.Response, err error) {
		t.Helper()
		var er *github.ErrorResponse
		if !errors.As(err, &er) || resp.StatusCode != code {
			t.Errorf("got %v, want status %d", err, code)
		}
	}
}

func TestFaultUntilCleared(t *testing.T) {
	f := newPRFixture(t)
	f.s.InjectFault(Fault{PathRegexp: `/repos/`, Status: 502})
	for i := 0; i < 3; i++ {
		if _, _, err := f.gh.Repositories.Get(f.ctx, "octo-org", "widgets"); err == nil {
			t.Fatal("a standing fault let a call through")
		}
	}
	f.s.ClearFaults()
	res(f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")).must(t)
}

func TestLatency(t *testing.T) {
	f := newPRFixture(t)
	f.s.SetLatency(30 * time.Millisecond)
	start := time.Now()
	res(f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")).must(t)
	if time.Since(start) < 30*time.Millisecond {
		t.Errorf("call took %v, want at least the latency", time.Since(start))
	}
}
