// Package dlp applies the data-loss-prevention path rules: files that must
// never be committed, areas whose change needs InfoSec, size and binary limits.
// It reads paths and, for a few rules, file content; it never reads history
// beyond what the change set offers.
package dlp

import (
	"github.com/gatehouse-sec/gatehouse/config"
)

// forbiddenRule is a built-in or policy forbidden glob, compiled.
type forbiddenRule struct {
	glob          config.Glob
	except        config.Globs
	reason        string
	contentMarker string
	builtin       bool
}

// builtinForbidden are config.BuiltinForbidden compiled once; a bad
// built-in pattern stops the program at start, never a scan.
var builtinForbidden = compileBuiltins(config.BuiltinForbidden)

func compileBuiltins(rules []config.ForbiddenRule) []forbiddenRule {
	out := make([]forbiddenRule, len(rules))
	for i, r := range rules {
		out[i] = forbiddenRule{glob: config.MustGlob(r.Glob), except: config.MustGlobs(r.Except...),
			reason: r.Reason, contentMarker: r.ContentMarker, builtin: true}
	}
	return out
}

// forbiddenRules returns the built-in rules followed by the policy's own.
func forbiddenRules(p *config.Policy) []forbiddenRule {
	out := make([]forbiddenRule, 0, len(builtinForbidden)+len(p.DLP.Forbidden))
	out = append(out, builtinForbidden...)
	for _, g := range p.DLP.Forbidden {
		out = append(out, forbiddenRule{glob: g, reason: "forbidden by this repository's policy (dlp.forbidden)"})
	}
	return out
}

// sensitiveAreas returns the built-in areas followed by the policy's own.
func sensitiveAreas(p *config.Policy) []config.SensitiveArea {
	return append(append([]config.SensitiveArea{}, config.BuiltinSensitive...), p.DLP.Sensitive...)
}
