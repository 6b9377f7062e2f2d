// Package version orders package versions the way each ecosystem's own tools
// do, so that OSV ranges and deny-list ranges are evaluated without false
// positives (Maven qualifiers, PEP 440 pre-releases, RubyGems platforms).
package version

import (
	"fmt"
	"strings"
)

// Version is a parsed version of one ecosystem; Compare is only meaningful
// between two versions parsed for the same ecosystem.
type Version interface {
	// Compare returns -1, 0 or 1 as v is older than, equal to or newer than o.
	Compare(o Version) int
}

// Parse parses s the way ecosystem (an OSV ecosystem name) orders versions.
func Parse(ecosystem, s string) (Version, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty version")
	}
	switch baseEcosystem(ecosystem) {
	case "Go":
		return parseSemver(strings.TrimPrefix(s, "v"))
	case "npm", "crates.io", "SEMVER":
		return parseSemver(s)
	case "PyPI":
		return parsePEP440(s)
	case "Maven":
		return parseMaven(s), nil
	case "RubyGems":
		return parseGem(s)
	case "Packagist":
		return parseComposer(s), nil
	default:
		return parseGeneric(s), nil
	}
}

// Compare orders two versions of one ecosystem.
func Compare(ecosystem, a, b string) (int, error) {
	va, err := Parse(ecosystem, a)
	if err != nil {
		return 0, fmt.Errorf("failed to parse version %q: %w", a, err)
	}
	vb, err := Parse(ecosystem, b)
	if err != nil {
		return 0, fmt.Errorf("failed to parse version %q: %w", b, err)
	}
	return va.Compare(vb), nil
}

// baseEcosystem drops an OSV ecosystem suffix ("Debian:12" → "Debian").
func baseEcosystem(e string) string {
	if i := strings.IndexByte(e, ':'); i >= 0 {
		return e[:i]
	}
	return e
}

// compareDigits orders two strings of decimal digits of any length.
func compareDigits(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
