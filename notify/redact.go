package notify

import (
	"regexp"
	"strings"
)

// Redacted replaces whatever the scrubbers remove.
const Redacted = "[redacted]"

var (
	// knownToken matches credentials by their vendor prefix.
	knownToken = regexp.MustCompile(`(?i)(ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abprs]-|sk_live_|rk_live_|AKIA|ASIA)[A-Za-z0-9_\-]{8,}`)
	// urlCredentials matches the user:password@ part of a URL.
	urlCredentials = regexp.MustCompile(`://[^/\s:@]+:[^/\s@]+@`)
	// longRun matches candidates for an encoded secret: base64, base64url
	// or hex runs of 32 characters or more.
	longRun = regexp.MustCompile(`[A-Za-z0-9+/=_\-]{32,}`)
)

// RedactCredentials replaces credentials recognisable by their shape alone
// (vendor-prefixed tokens, passwords in URLs) and leaves everything else,
// commit SHAs and fingerprints included, as it is.
func RedactCredentials(s string) string {
	s = knownToken.ReplaceAllString(s, Redacted)
	return urlCredentials.ReplaceAllString(s, "://"+Redacted+"@")
}

// Redact is RedactCredentials plus any long run that looks encoded: 32 or
// more hex digits, or base64 characters mixing letters and digits. It may
// over-redact (a commit SHA, a path like "a/b2/c3/..."), which is the right
// trade for text leaving the company.
func Redact(s string) string {
	s = RedactCredentials(s)
	return longRun.ReplaceAllStringFunc(s, func(run string) string {
		if looksEncoded(run) {
			return Redacted
		}
		return run
	})
}

// looksEncoded tells a secret-like run from a long path or identifier made
// of words. Without a slash, a letters-and-digits mix is enough. A run with
// slashes may be a path ("deploy/k8s/prod-2024/...", ".../TokenService"),
// so it needs lower case, upper case and digits together, as base64 almost
// always has, or one long mixed segment.
func looksEncoded(run string) bool {
	if isHex(run) {
		return true
	}
	lower, upper, digit := classes(run)
	if !strings.Contains(run, "/") {
		return (lower || upper) && digit
	}
	if lower && upper && digit {
		return true
	}
	for _, seg := range strings.Split(run, "/") {
		if l, u, d := classes(seg); len(seg) >= 16 && (l || u) && d {
			return true
		}
	}
	return false
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// classes reports which ASCII character classes s contains.
func classes(s string) (lower, upper, digit bool) {
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		}
	}
	return lower, upper, digit
}
