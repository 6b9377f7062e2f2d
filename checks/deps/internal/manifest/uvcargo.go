package manifest

import (
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

type uvDep struct {
	Name string `toml:"name"`
}

type uvLock struct {
	Package []struct {
		Name            string             `toml:"name"`
		Version         string             `toml:"version"`
		Source          map[string]any     `toml:"source"`
		Dependencies    []uvDep            `toml:"dependencies"`
		OptionalDeps    map[string][]uvDep `toml:"optional-dependencies"`
		DevDependencies map[string][]uvDep `toml:"dev-dependencies"`
	} `toml:"package"`
}

// parseUVLock reads uv.lock. Workspace members (editable or virtual sources)
// are the project itself; what they depend on is direct.
func parseUVLock(b []byte) ([]Package, error) {
	var lock uvLock
	if err := toml.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("invalid uv.lock: %w", err)
	}
	direct := make(map[string]Scope)
	member := func(src map[string]any) bool {
		_, e := src["editable"]
		_, v := src["virtual"]
		return e || v
	}
	for _, e := range lock.Package {
		if !member(e.Source) {
			continue
		}
		for _, ds := range e.DevDependencies {
			for _, d := range ds {
				direct[pep503(d.Name)] = Development
			}
		}
		for _, d := range e.Dependencies {
			direct[pep503(d.Name)] = Runtime
		}
		for _, ds := range e.OptionalDeps {
			for _, d := range ds {
				direct[pep503(d.Name)] = Runtime
			}
		}
	}
	lines := tomlPackageLines(b)
	var out []Package
	for _, e := range lock.Package {
		if member(e.Source) {
			continue
		}
		if e.Name == "" {
			return nil, fmt.Errorf("invalid uv.lock: a package has no name")
		}
		p := Package{Name: e.Name, Version: e.Version, Line: lines[e.Name+"@"+e.Version], Relation: Transitive}
		if s, ok := direct[pep503(e.Name)]; ok {
			p.Relation, p.Scope = Direct, s
		}
		for k, v := range e.Source {
			ref, _ := v.(string)
			switch k {
			case "git":
				p.Source, p.SourceRef = Git, ref
			case "url":
				p.Source, p.SourceRef = URL, ref
			case "path", "directory":
				p.Source, p.SourceRef = Path, ref
			}
		}
		if p.Version == "" {
			p.Version, p.Range = p.SourceRef, true
		}
		out = append(out, p)
	}
	return out, nil
}

type cargoLock struct {
	Package []struct {
		Name         string   `toml:"name"`
		Version      string   `toml:"version"`
		Source       string   `toml:"source"`
		Dependencies []string `toml:"dependencies"`
	} `toml:"package"`
}

// parseCargoLock reads Cargo.lock (v1 to v4). Packages without a source are
// workspace members or path crates; what members depend on is direct.
func parseCargoLock(b []byte) ([]Package, error) {
	var lock cargoLock
	if err := toml.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("invalid Cargo.lock: %w", err)
	}
	direct := make(map[string]bool)
	for _, e := range lock.Package {
		if e.Source != "" {
			continue
		}
		for _, d := range e.Dependencies {
			// "name", "name version" or "name version (source)".
			f := strings.Fields(d)
			if len(f) > 0 {
				direct[f[0]] = true
			}
		}
	}
	lines := tomlPackageLines(b)
	var out []Package
	for _, e := range lock.Package {
		if e.Name == "" || e.Version == "" {
			return nil, fmt.Errorf("invalid Cargo.lock: a package has no name or version")
		}
		if e.Source == "" {
			continue
		}
		p := Package{Name: e.Name, Version: e.Version, Line: lines[e.Name+"@"+e.Version], Relation: Transitive}
		if direct[e.Name] {
			p.Relation = Direct
		}
		switch {
		case strings.HasPrefix(e.Source, "git+"):
			p.Source, p.SourceRef = Git, strings.TrimPrefix(e.Source, "git+")
		case strings.HasPrefix(e.Source, "registry+"), strings.HasPrefix(e.Source, "sparse+"):
			p.Source = Registry
		case strings.HasPrefix(e.Source, "path+"):
			p.Source, p.SourceRef = Path, strings.TrimPrefix(e.Source, "path+")
		}
		out = append(out, p)
	}
	return out, nil
}
