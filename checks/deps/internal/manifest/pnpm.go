package manifest

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

type pnpmDep struct {
	Version string
}

// UnmarshalYAML accepts v5's bare version and v6+'s {specifier, version}.
func (d *pnpmDep) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		d.Version = n.Value
		return nil
	}
	var o struct {
		Version string `yaml:"version"`
	}
	if err := n.Decode(&o); err != nil {
		return err
	}
	d.Version = o.Version
	return nil
}

type pnpmImporter struct {
	Dependencies         map[string]pnpmDep `yaml:"dependencies"`
	DevDependencies      map[string]pnpmDep `yaml:"devDependencies"`
	OptionalDependencies map[string]pnpmDep `yaml:"optionalDependencies"`
}

type pnpmPackage struct {
	Name             string `yaml:"name"`
	Version          string `yaml:"version"`
	Dev              *bool  `yaml:"dev"`
	RequiresBuild    bool   `yaml:"requiresBuild"`
	HasInstallScript bool   `yaml:"hasInstallScript"`
	Resolution       struct {
		Tarball string `yaml:"tarball"`
		Type    string `yaml:"type"`
		Repo    string `yaml:"repo"`
		Commit  string `yaml:"commit"`
		Dir     string `yaml:"directory"`
	} `yaml:"resolution"`
}

type pnpmLock struct {
	LockfileVersion any                     `yaml:"lockfileVersion"`
	Importers       map[string]pnpmImporter `yaml:"importers"`
	Packages        map[string]pnpmPackage  `yaml:"packages"`
	pnpmImporter    `yaml:",inline"`
}

// parsePnpmLock reads pnpm-lock.yaml v5.x, v6 and v9.
func parsePnpmLock(b []byte) ([]Package, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("invalid pnpm-lock.yaml: %w", err)
	}
	var lock pnpmLock
	if err := doc.Decode(&lock); err != nil {
		return nil, fmt.Errorf("invalid pnpm-lock.yaml: %w", err)
	}
	if lock.LockfileVersion == nil {
		return nil, fmt.Errorf("invalid pnpm-lock.yaml: no lockfileVersion")
	}
	importers := lock.Importers
	if len(importers) == 0 {
		importers = map[string]pnpmImporter{".": lock.pnpmImporter}
	}
	v5 := strings.HasPrefix(fmt.Sprint(lock.LockfileVersion), "5")
	// Direct dependencies, by "name@version" as the importers resolve them.
	direct := make(map[string]Scope)
	for _, imp := range importers {
		for _, sec := range []struct {
			m map[string]pnpmDep
			s Scope
		}{{imp.DevDependencies, Development}, {imp.Dependencies, Runtime}, {imp.OptionalDependencies, Runtime}} {
			for n, d := range sec.m {
				v := stripPeers(d.Version)
				if i := strings.IndexByte(v, '_'); i > 0 && v5 {
					v = v[:i]
				}
				if v5 {
					direct[n+"@"+v] = sec.s
				} else {
					direct[pnpmDirectKey(n, v)] = sec.s
				}
			}
		}
	}
	keyLines := yamlMapKeyLines(&doc, "packages")
	var out []Package
	seen := make(map[string]bool)
	for _, key := range sortedKeys(lock.Packages) {
		e := lock.Packages[key]
		name, ver := pnpmKey(key, v5)
		keyVer := ver
		if e.Name != "" {
			name = e.Name
		}
		if e.Version != "" {
			ver = e.Version
		}
		if name == "" || ver == "" {
			return nil, fmt.Errorf("invalid pnpm-lock.yaml package key %q", key)
		}
		p := Package{Name: name, Version: ver, Relation: Transitive, Line: keyLines[key],
			InstallScript: e.RequiresBuild || e.HasInstallScript}
		// A git or tarball entry records its version apart from the key the
		// importers point at.
		s, ok := direct[name+"@"+ver]
		if !ok {
			s, ok = direct[name+"@"+keyVer]
		}
		if ok {
			p.Relation, p.Scope = Direct, s
		} else if e.Dev != nil {
			p.Scope = Runtime
			if *e.Dev {
				p.Scope = Development
			}
		}
		switch {
		case e.Resolution.Type == "git" || e.Resolution.Repo != "":
			p.Source, p.SourceRef = Git, e.Resolution.Repo
			if e.Resolution.Commit != "" {
				p.SourceRef += "#" + e.Resolution.Commit
			}
		case e.Resolution.Type == "directory" || e.Resolution.Dir != "":
			p.Source, p.SourceRef = Path, e.Resolution.Dir
		case e.Resolution.Tarball != "":
			p.Source, p.SourceRef = npmResolved(e.Resolution.Tarball)
		}
		if seen[p.Key()] {
			continue
		}
		seen[p.Key()] = true
		out = append(out, p)
	}
	return out, nil
}

// pnpmKey splits a packages key: "/lodash/4.17.21" (v5), "/lodash@4.17.21"
// (v6), "lodash@4.17.21" (v9), with peer suffixes "(react@18.0.0)" or
// "_react@18.0.0". From v6 the name ends at the first '@' after the scope: the
// version may itself hold '/' ("file:playground/json", a tarball URL).
func pnpmKey(k string, v5 bool) (string, string) {
	k = strings.TrimPrefix(stripPeers(k), "/")
	if !v5 {
		if at := nameEnd(k); at > 0 && at < len(k)-1 {
			return k[:at], k[at+1:]
		}
	}
	if i := strings.LastIndexByte(k, '/'); i > 0 {
		v := k[i+1:]
		if j := strings.IndexByte(v, '_'); j > 0 {
			v = v[:j]
		}
		return k[:i], v
	}
	return "", ""
}

// nameEnd returns the index of the '@' that ends an npm package name in
// "name@version" (skipping a scope's leading '@'), or -1.
func nameEnd(k string) int {
	from := 0
	if strings.HasPrefix(k, "@") {
		slash := strings.IndexByte(k, '/')
		if slash < 0 {
			return -1
		}
		from = slash
	}
	at := strings.IndexByte(k[from:], '@')
	if at < 0 {
		return -1
	}
	return from + at
}

// pnpmDirectKey is the packages key an importer's resolved version points
// at: "name@version", or the version itself when it names another package
// (an alias such as "@vitejs/require@file:playground/json").
func pnpmDirectKey(name, version string) string {
	v := stripPeers(version)
	if at := nameEnd(v); at > 0 && !strings.ContainsAny(v[:at], ":") {
		return v
	}
	return name + "@" + v
}

func stripPeers(v string) string {
	if i := strings.IndexByte(v, '('); i > 0 {
		return v[:i]
	}
	return v
}

// yamlMapKeyLines returns the line of each key of the top-level mapping named section.
func yamlMapKeyLines(doc *yaml.Node, section string) map[string]int {
	out := make(map[string]int)
	if doc == nil || len(doc.Content) == 0 {
		return out
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != section || root.Content[i+1].Kind != yaml.MappingNode {
			continue
		}
		m := root.Content[i+1]
		for j := 0; j+1 < len(m.Content); j += 2 {
			out[m.Content[j].Value] = m.Content[j].Line
		}
	}
	return out
}
