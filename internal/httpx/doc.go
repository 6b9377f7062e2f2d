// Package httpx is the HTTP plumbing under Gatehouse's GitHub client: the
// transport that retries what GitHub asks to retry, the byte-bounded LRU
// behind the HTTP cache (and other caches of immutable bytes), and the
// per-evaluation count of requests that went over the wire. It knows nothing
// of pull requests or policies.
package httpx
