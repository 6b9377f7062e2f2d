package manifest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

type packageJSON struct {
	Name                 string            `json:"name"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
}

// direct returns the names the manifest asks for and whether each is only for development.
func (p *packageJSON) direct() map[string]Scope {
	out := make(map[string]Scope)
	for n := range p.DevDependencies {
		out[n] = Development
	}
	for _, m := range []map[string]string{p.Dependencies, p.OptionalDependencies, p.PeerDependencies} {
		for n := range m {
			out[n] = Runtime
		}
	}
	return out
}

var githubShorthand = regexp.MustCompile(`^[\w.-]+/[\w.-]+(#.*)?$`)

var exactSemver = regexp.MustCompile(`^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// parsePackageJSON reads the direct dependencies a package.json asks for; used
// when the pull request changes the manifest but no lockfile beside it.
func parsePackageJSON(b []byte) ([]Package, error) {
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("invalid package.json: %w", err)
	}
	lines := newLineIndex(b)
	var out []Package
	sections := []struct {
		key   string
		deps  map[string]string
		scope Scope
	}{
		{"dependencies", p.Dependencies, Runtime},
		{"optionalDependencies", p.OptionalDependencies, Runtime},
		{"peerDependencies", p.PeerDependencies, Runtime},
		{"devDependencies", p.DevDependencies, Development},
	}
	for _, s := range sections {
		_, secOff := findLine(b, lines, `"`+s.key+`"`, 0)
		names := sortedKeys(s.deps)
		for _, n := range names {
			pkg := npmSpec(n, s.deps[n])
			pkg.Relation, pkg.Scope = Direct, s.scope
			pkg.Line, _ = findLine(b, lines, `"`+n+`"`, secOff)
			out = append(out, pkg)
		}
	}
	return out, nil
}

// npmSpec interprets a dependency specifier of package.json.
func npmSpec(name, spec string) Package {
	p := Package{Name: name, Version: spec, Range: true}
	switch {
	case strings.HasPrefix(spec, "npm:"):
		alias := strings.TrimPrefix(spec, "npm:")
		if i := strings.LastIndexByte(alias, '@'); i > 0 {
			p.Name, p.Version = alias[:i], alias[i+1:]
		} else {
			p.Name, p.Version = alias, "*"
		}
	case strings.HasPrefix(spec, "git") || strings.HasPrefix(spec, "github:") ||
		strings.HasPrefix(spec, "gitlab:") || strings.HasPrefix(spec, "bitbucket:") ||
		githubShorthand.MatchString(spec):
		p.Source, p.SourceRef = Git, spec
	case strings.HasPrefix(spec, "file:") || strings.HasPrefix(spec, "link:") ||
		strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "/"):
		p.Source, p.SourceRef = Path, spec
	case strings.HasPrefix(spec, "http://") || strings.HasPrefix(spec, "https://"):
		p.Source, p.SourceRef = URL, spec
	}
	if exactSemver.MatchString(p.Version) {
		p.Version, p.Range = strings.TrimPrefix(p.Version, "v"), false
	}
	return p
}

// npmResolved classifies where a lockfile's resolved address points.
func npmResolved(resolved string) (SourceKind, string) {
	switch {
	case resolved == "":
		return Registry, ""
	case strings.HasPrefix(resolved, "git+") || strings.HasPrefix(resolved, "git://") ||
		strings.HasPrefix(resolved, "github:") || strings.HasPrefix(resolved, "https://codeload.github.com/"):
		return Git, resolved
	case strings.HasPrefix(resolved, "file:") || strings.HasPrefix(resolved, "link:") || !strings.Contains(resolved, "://"):
		return Path, resolved
	case strings.Contains(resolved, "/-/"):
		// Registry tarballs, public or private, live at <registry>/<name>/-/<file>.tgz.
		return Registry, ""
	}
	return URL, resolved
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
