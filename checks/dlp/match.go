// Package dlp applies the data-loss-prevention path rules: files that must
// never be committed, areas whose change needs InfoSec, size and binary limits.
// It reads paths and, for a few rules, file content; it never reads history
// beyond what the change set offers.
package dlp

import (
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/gatehouse-sec/gatehouse/config"
)

// forbiddenRule is a built-in or policy forbidden glob.
type forbiddenRule struct {
	config.ForbiddenRule
	builtin bool
}

// forbiddenRules returns the built-in rules followed by the policy's own.
func forbiddenRules(p *config.Policy) []forbiddenRule {
	out := make([]forbiddenRule, 0, len(config.BuiltinForbidden)+len(p.DLP.Forbidden))
	for _, r := range config.BuiltinForbidden {
		out = append(out, forbiddenRule{ForbiddenRule: r, builtin: true})
	}
	for _, g := range p.DLP.Forbidden {
		out = append(out, forbiddenRule{ForbiddenRule: config.ForbiddenRule{Glob: g, Reason: "forbidden by this repository's policy (dlp.forbidden)"}})
	}
	return out
}

// sensitiveAreas returns the built-in areas followed by the policy's own.
func sensitiveAreas(p *config.Policy) []config.SensitiveArea {
	return append(append([]config.SensitiveArea{}, config.BuiltinSensitive...), p.DLP.Sensitive...)
}

// Match reports whether a repository path matches a doublestar glob. A glob
// without a slash also matches the base name anywhere, as .gitignore users
// expect ("*.pem" catches "certs/server.pem"). Matching ignores case: checkouts
// on macOS and Windows do, and "ID_RSA" is as leaked as "id_rsa".
func Match(glob, p string) bool {
	p = strings.ToLower(strings.TrimPrefix(p, "/"))
	glob = strings.ToLower(strings.TrimPrefix(glob, "/"))
	if !strings.Contains(glob, "/") {
		p = path.Base(p)
	}
	ok, _ := doublestar.Match(glob, p)
	return ok
}

func matchesAny(globs []string, p string) bool {
	for _, g := range globs {
		if Match(g, p) {
			return true
		}
	}
	return false
}
