package manifest

import (
	"encoding/json"
	"fmt"
	"strings"
)

type lockEntry struct {
	Name             string            `json:"name"`
	Version          string            `json:"version"`
	Resolved         string            `json:"resolved"`
	Dev              bool              `json:"dev"`
	DevOptional      bool              `json:"devOptional"`
	Link             bool              `json:"link"`
	License          json.RawMessage   `json:"license"`
	HasInstallScript bool              `json:"hasInstallScript"`
	Dependencies     map[string]string `json:"dependencies"`
	DevDependencies  map[string]string `json:"devDependencies"`
	OptionalDeps     map[string]string `json:"optionalDependencies"`
	PeerDependencies map[string]string `json:"peerDependencies"`
}

type lockV1Entry struct {
	Version      string                 `json:"version"`
	Resolved     string                 `json:"resolved"`
	Dev          bool                   `json:"dev"`
	Dependencies map[string]lockV1Entry `json:"dependencies"`
}

type packageLock struct {
	LockfileVersion int                    `json:"lockfileVersion"`
	Packages        map[string]lockEntry   `json:"packages"`
	Dependencies    map[string]lockV1Entry `json:"dependencies"`
}

// parsePackageLock reads package-lock.json / npm-shrinkwrap.json v1, v2 and v3.
func parsePackageLock(b, companion []byte) ([]Package, error) {
	var lock packageLock
	if err := json.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("invalid package-lock.json: %w", err)
	}
	if lock.LockfileVersion < 1 || lock.LockfileVersion > 3 {
		return nil, fmt.Errorf("unsupported package-lock.json lockfileVersion %d", lock.LockfileVersion)
	}
	lines := jsonKeyLines(b)
	if lock.Packages != nil {
		return packagesSection(lock.Packages, lines), nil
	}
	var direct map[string]Scope
	if len(companion) > 0 {
		var pj packageJSON
		if json.Unmarshal(companion, &pj) == nil {
			direct = pj.direct()
		}
	}
	var out []Package
	walkV1(lock.Dependencies, 0, direct, lines, &out)
	return out, nil
}

// packagesSection reads the "packages" map of lockfile v2/v3: keys are
// install paths ("node_modules/a/node_modules/b"), "" is the root project and
// keys without node_modules are workspaces.
func packagesSection(pkgs map[string]lockEntry, lines map[string]int) []Package {
	// Direct dependencies are those the root or a workspace names, installed
	// right under it.
	direct := make(map[string]bool)
	for key, e := range pkgs {
		if strings.Contains(key, "node_modules/") {
			continue
		}
		prefix := "node_modules/"
		if key != "" {
			prefix = key + "/node_modules/"
		}
		for _, m := range []map[string]string{e.Dependencies, e.DevDependencies, e.OptionalDeps, e.PeerDependencies} {
			for n := range m {
				direct[prefix+n] = true
			}
		}
	}
	var out []Package
	for _, key := range sortedKeys(pkgs) {
		e := pkgs[key]
		i := strings.LastIndex(key, "node_modules/")
		if i < 0 || e.Link {
			continue // the root, a workspace, or a link to one: the project's own code
		}
		name := key[i+len("node_modules/"):]
		if e.Name != "" {
			name = e.Name // an alias installs a package under another name
		}
		p := Package{Name: name, Version: e.Version, Scope: Runtime, Relation: Transitive,
			InstallScript: e.HasInstallScript, License: npmLicense(e.License), Line: lines[key]}
		if direct[key] {
			p.Relation = Direct
		}
		if e.Dev || e.DevOptional {
			p.Scope = Development
		}
		p.Source, p.SourceRef = npmResolved(e.Resolved)
		if strings.Contains(e.Version, "://") || strings.HasPrefix(e.Version, "git+") || strings.HasPrefix(e.Version, "file:") {
			p.Source, p.SourceRef = npmResolved(e.Version)
			p.Version = fragment(e.Version)
		}
		out = append(out, p)
	}
	return out
}

func walkV1(deps map[string]lockV1Entry, depth int, direct map[string]Scope, lines map[string]int, out *[]Package) {
	for _, name := range sortedKeys(deps) {
		e := deps[name]
		p := Package{Name: name, Version: e.Version, Scope: Runtime, Relation: Transitive}
		if depth == 0 {
			p.Line = lines[name]
			if direct == nil {
				p.Relation = Unknown
			} else if _, ok := direct[name]; ok {
				p.Relation = Direct
			}
		}
		if e.Dev {
			p.Scope = Development
		}
		p.Source, p.SourceRef = npmResolved(e.Resolved)
		if strings.Contains(e.Version, "://") || strings.HasPrefix(e.Version, "git+") || strings.HasPrefix(e.Version, "file:") {
			p.Source, p.SourceRef = npmResolved(e.Version)
			p.Version = fragment(e.Version)
		}
		if strings.HasPrefix(e.Version, "npm:") {
			alias := strings.TrimPrefix(e.Version, "npm:")
			if i := strings.LastIndexByte(alias, '@'); i > 0 {
				p.Name, p.Version = alias[:i], alias[i+1:]
			}
		}
		*out = append(*out, p)
		if depth < 64 { // bounded: a hostile lockfile cannot exhaust the stack
			walkV1(e.Dependencies, depth+1, direct, lines, out)
		}
	}
}

// npmLicense reads the license field, a string or the legacy {type} object.
func npmLicense(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return o.Type
	}
	return ""
}

// fragment returns what follows '#' in a git URL (the commit), or the URL.
func fragment(u string) string {
	if i := strings.LastIndexByte(u, '#'); i >= 0 && i+1 < len(u) {
		return u[i+1:]
	}
	return u
}
