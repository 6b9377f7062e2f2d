package handlers

import (
	"net/http"
	"time"

	"github.com/gregjones/httpcache"
	"github.com/palantir/go-githubapp/githubapp"
)

// RetryMiddleware is the client middleware that retries GitHub calls. Add it
// after WithClientCaching so it sits below the cache and sees real responses.
func RetryMiddleware(p RetryPolicy) githubapp.ClientMiddleware {
	mw := retryTransport(p, time.Now)
	return func(next http.RoundTripper) http.RoundTripper { return mw(next) }
}

// NewHTTPCache returns a bounded in-memory cache for GitHub responses.
func NewHTTPCache(maxBytes int) httpcache.Cache { return newByteLRU(maxBytes) }
