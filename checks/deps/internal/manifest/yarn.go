package manifest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// parseYarnLock reads yarn.lock, both the classic v1 format and berry (v2+,
// YAML with "__metadata"). Both are a list of blocks headed by the specifiers
// they resolve, at indentation 0, with fields indented beneath.
func parseYarnLock(b, companion []byte) ([]Package, error) {
	var direct map[string]Scope
	if len(companion) > 0 {
		var pj packageJSON
		if json.Unmarshal(companion, &pj) == nil {
			direct = pj.direct()
		}
	}
	lines := splitLines(b)
	var out []Package
	seen := make(map[string]bool)
	var cur *Package
	var curSpec string
	flush := func() error {
		if cur == nil {
			return nil
		}
		p := *cur
		cur = nil
		if p.Version == "" {
			return fmt.Errorf("yarn.lock entry %q has no version", curSpec)
		}
		if p.Source == Path && strings.Contains(curSpec, "@workspace:") {
			return nil // the project's own workspaces
		}
		if seen[p.Key()] {
			return nil
		}
		seen[p.Key()] = true
		out = append(out, p)
		return nil
	}
	sawHeader := false
	for i, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if l[0] != ' ' {
			if err := flush(); err != nil {
				return nil, err
			}
			if !strings.HasSuffix(l, ":") {
				return nil, fmt.Errorf("line %d: expected an entry header ending with ':'", i+1)
			}
			sawHeader = true
			spec := strings.TrimSuffix(l, ":")
			if spec == "__metadata" {
				continue
			}
			curSpec = spec
			name, proto, err := yarnHeaderName(spec)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
			if strings.HasPrefix(proto, "patch:") {
				continue // a patched copy of a package listed in its own entry
			}
			cur = &Package{Name: name, Line: i + 1, Scope: Runtime, Relation: Transitive}
			if direct == nil {
				cur.Relation, cur.Scope = Unknown, ""
			} else if s, ok := direct[name]; ok {
				cur.Relation, cur.Scope = Direct, s
			}
			continue
		}
		if cur == nil || strings.HasPrefix(l, "    ") {
			continue // metadata, or nested dependency lists
		}
		key, val := yarnField(strings.TrimSpace(l))
		switch key {
		case "version":
			cur.Version = val
		case "resolved":
			cur.Source, cur.SourceRef = npmResolved(strings.SplitN(val, "#", 2)[0])
			if strings.HasPrefix(val, "git") || strings.Contains(val, "codeload.github.com") {
				cur.Source, cur.SourceRef = Git, val
			}
		case "resolution":
			cur.Source, cur.SourceRef = berryResolution(val)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if !sawHeader && len(strings.TrimSpace(string(b))) > 0 {
		return nil, fmt.Errorf("no yarn.lock entries found")
	}
	return out, nil
}

// yarnHeaderName takes the package name from the first specifier of a block
// header: `"@babel/core@^7.0.0", "@babel/core@^7.1.0"` (v1) or
// `"@babel/core@npm:^7.0.0, @babel/core@npm:^7.1.0"` (berry).
func yarnHeaderName(spec string) (name, protocol string, err error) {
	first := strings.TrimSpace(strings.Split(spec, ",")[0])
	first = strings.Trim(first, `"`)
	at := strings.LastIndexByte(first, '@')
	if at > 0 {
		// Berry's protocols may themselves hold '@' (patch:a@npm...), so
		// split at the first '@' after the scope.
		if j := strings.IndexByte(first[1:], '@'); j >= 0 {
			at = j + 1
		}
	}
	if at <= 0 {
		return "", "", fmt.Errorf("invalid yarn.lock specifier %q", first)
	}
	name, protocol = first[:at], first[at+1:]
	// An alias ("string-width-cjs@npm:string-width@^4.2.0") installs the
	// package after "npm:": that is the one advisories name.
	if alias, ok := strings.CutPrefix(protocol, "npm:"); ok {
		if j := strings.LastIndexByte(alias, '@'); j > 0 {
			name = alias[:j]
		}
	}
	return name, protocol, nil
}

// yarnField reads `version "1.2.3"` (v1) or `version: 1.2.3` (berry).
func yarnField(l string) (string, string) {
	var k, v string
	if i := strings.IndexAny(l, " :"); i > 0 {
		k, v = l[:i], strings.TrimSpace(strings.TrimPrefix(l[i:], ":"))
	} else {
		return l, ""
	}
	return k, strings.Trim(strings.TrimSpace(v), `"`)
}

// berryResolution classifies a berry resolution such as "lodash@npm:4.17.21".
func berryResolution(r string) (SourceKind, string) {
	r = strings.Trim(r, `"`)
	rest := r
	if j := strings.IndexByte(r[min(1, len(r)):], '@'); j >= 0 {
		rest = r[j+2:]
	}
	switch {
	case strings.HasPrefix(rest, "npm:"):
		return Registry, ""
	case strings.HasPrefix(rest, "workspace:"), strings.HasPrefix(rest, "file:"),
		strings.HasPrefix(rest, "portal:"), strings.HasPrefix(rest, "link:"):
		return Path, rest
	case strings.Contains(rest, "#commit=") || strings.HasPrefix(rest, "git") || strings.Contains(rest, ".git#"):
		return Git, rest
	case strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "http://"):
		return URL, rest
	}
	return Registry, ""
}
