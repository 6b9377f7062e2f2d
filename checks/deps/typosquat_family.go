package deps

import (
	"path"
	"regexp"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
)

// goMajor is a Go module's major-version suffix: "/v5", or gopkg.in's ".v3".
var goMajor = regexp.MustCompile(`[/.]v[0-9]+$`)

// sameFamily reports whether name is a relative of the popular target rather
// than a typo of it: another major version of one Go module, a sibling in a
// namespace only its owner can publish in (golang.org/x/exp beside
// golang.org/x/text, an npm scope, a Maven group, a Packagist vendor, a
// GitHub owner), or a numbered fork ("http-proxy-3").
func sameFamily(eco, name, target string) bool {
	if eco == manifest.Go {
		name, target = goMajor.ReplaceAllString(name, ""), goMajor.ReplaceAllString(target, "")
		if name == target {
			return true
		}
	}
	if ns := namespace(eco, name); ns != "" && ns == namespace(eco, target) {
		return true
	}
	return numberedFork(name, target)
}

// namespace is the part of a name whose owner alone may publish under it, or
// "" when the ecosystem (or this name) has none.
func namespace(eco, name string) string {
	switch eco {
	case manifest.Go:
		// host/owner at least: "github.com" or "go.uber.org" alone is shared.
		if d := path.Dir(name); strings.Contains(d, "/") {
			return d
		}
	case manifest.NPM:
		if scope, _, ok := strings.Cut(name, "/"); ok && strings.HasPrefix(scope, "@") {
			return scope
		}
	case manifest.Maven:
		if group, _, ok := strings.Cut(name, ":"); ok {
			return group
		}
	case manifest.Packagist, manifest.Actions:
		if owner, _, ok := strings.Cut(name, "/"); ok {
			return owner
		}
	}
	return ""
}

// numberedFork: name is target with a separator and a number appended.
func numberedFork(name, target string) bool {
	rest, ok := strings.CutPrefix(name, target)
	if !ok || len(rest) < 2 || !strings.ContainsRune("-_.", rune(rest[0])) {
		return false
	}
	return isNumber(rest[1:])
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
