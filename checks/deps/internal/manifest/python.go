package manifest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

type poetryLock struct {
	Package []struct {
		Name     string   `toml:"name"`
		Version  string   `toml:"version"`
		Category string   `toml:"category"`
		Groups   []string `toml:"groups"`
		Source   struct {
			Type      string `toml:"type"`
			URL       string `toml:"url"`
			Reference string `toml:"resolved_reference"`
		} `toml:"source"`
	} `toml:"package"`
}

// pyproject is the part of pyproject.toml that names direct dependencies,
// for Poetry and PEP 621 projects.
type pyproject struct {
	Project struct {
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
	} `toml:"project"`
	DependencyGroups map[string][]any `toml:"dependency-groups"`
	Tool             struct {
		Poetry struct {
			Dependencies    map[string]any `toml:"dependencies"`
			DevDependencies map[string]any `toml:"dev-dependencies"`
			Group           map[string]struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"group"`
		} `toml:"poetry"`
	} `toml:"tool"`
}

var pep508Name = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)`)

// pyDirect returns the normalised names pyproject.toml asks for, with their scope.
func pyDirect(companion []byte) map[string]Scope {
	if len(companion) == 0 {
		return nil
	}
	var pp pyproject
	if toml.Unmarshal(companion, &pp) != nil {
		return nil
	}
	out := make(map[string]Scope)
	add := func(n string, s Scope) {
		n = pep503(n)
		if n == "python" {
			return
		}
		if _, ok := out[n]; !ok || s == Runtime {
			out[n] = s
		}
	}
	addSpec := func(spec string, s Scope) {
		if m := pep508Name.FindStringSubmatch(spec); m != nil {
			add(m[1], s)
		}
	}
	for n := range pp.Tool.Poetry.Dependencies {
		add(n, Runtime)
	}
	for n := range pp.Tool.Poetry.DevDependencies {
		add(n, Development)
	}
	for g, grp := range pp.Tool.Poetry.Group {
		s := Development
		if g == "main" {
			s = Runtime
		}
		for n := range grp.Dependencies {
			add(n, s)
		}
	}
	for _, d := range pp.Project.Dependencies {
		addSpec(d, Runtime)
	}
	for _, ds := range pp.Project.OptionalDependencies {
		for _, d := range ds {
			addSpec(d, Runtime)
		}
	}
	for _, ds := range pp.DependencyGroups {
		for _, d := range ds {
			if s, ok := d.(string); ok {
				addSpec(s, Development)
			}
		}
	}
	return out
}

// parsePoetryLock reads poetry.lock (lock-version 1.x and 2.x).
func parsePoetryLock(b, companion []byte) ([]Package, error) {
	var lock poetryLock
	if err := toml.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("invalid poetry.lock: %w", err)
	}
	direct := pyDirect(companion)
	lines := tomlPackageLines(b)
	var out []Package
	for _, e := range lock.Package {
		if e.Name == "" || e.Version == "" {
			return nil, fmt.Errorf("invalid poetry.lock: a package has no name or version")
		}
		p := Package{Name: e.Name, Version: e.Version, Line: lines[e.Name+"@"+e.Version]}
		switch {
		case e.Category == "dev":
			p.Scope = Development
		case e.Category == "main":
			p.Scope = Runtime
		case len(e.Groups) > 0:
			p.Scope = Development
			for _, g := range e.Groups {
				if g == "main" {
					p.Scope = Runtime
				}
			}
		}
		p.Relation = relationFrom(direct, pep503(e.Name), &p)
		switch e.Source.Type {
		case "git":
			p.Source, p.SourceRef = Git, e.Source.URL+"@"+e.Source.Reference
		case "url":
			p.Source, p.SourceRef = URL, e.Source.URL
		case "file", "directory":
			p.Source, p.SourceRef = Path, e.Source.URL
		}
		out = append(out, p)
	}
	return out, nil
}

// relationFrom decides Direct/Transitive from a companion's direct set, or
// Unknown without a companion; a direct entry's scope wins.
func relationFrom(direct map[string]Scope, name string, p *Package) Relation {
	if direct == nil {
		return Unknown
	}
	if s, ok := direct[name]; ok {
		if p.Scope == "" {
			p.Scope = s
		}
		return Direct
	}
	return Transitive
}

type pipfileEntry struct {
	Version string `json:"version"`
	Git     string `json:"git"`
	Ref     string `json:"ref"`
	Path    string `json:"path"`
	File    string `json:"file"`
}

// parsePipfileLock reads Pipfile.lock; "default" is runtime, "develop" development.
func parsePipfileLock(b, companion []byte) ([]Package, error) {
	var lock struct {
		Default map[string]pipfileEntry `json:"default"`
		Develop map[string]pipfileEntry `json:"develop"`
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("invalid Pipfile.lock: %w", err)
	}
	if lock.Default == nil && lock.Develop == nil {
		return nil, fmt.Errorf("invalid Pipfile.lock: no default or develop section")
	}
	var direct map[string]Scope
	if len(companion) > 0 {
		var pf struct {
			Packages    map[string]any `toml:"packages"`
			DevPackages map[string]any `toml:"dev-packages"`
		}
		if toml.Unmarshal(companion, &pf) == nil {
			direct = make(map[string]Scope)
			for n := range pf.DevPackages {
				direct[pep503(n)] = Development
			}
			for n := range pf.Packages {
				direct[pep503(n)] = Runtime
			}
		}
	}
	lines := jsonKeyLines(b)
	var out []Package
	for _, sec := range []struct {
		m map[string]pipfileEntry
		s Scope
	}{{lock.Default, Runtime}, {lock.Develop, Development}} {
		for _, n := range sortedKeys(sec.m) {
			e := sec.m[n]
			p := Package{Name: n, Version: strings.TrimPrefix(e.Version, "=="), Scope: sec.s, Line: lines[n]}
			p.Relation = relationFrom(direct, pep503(n), &p)
			switch {
			case e.Git != "":
				p.Source, p.SourceRef, p.Version = Git, e.Git+"@"+e.Ref, e.Ref
			case e.Path != "":
				p.Source, p.SourceRef, p.Version = Path, e.Path, e.Path
			case e.File != "":
				p.Source, p.SourceRef, p.Version = URL, e.File, e.File
			}
			if p.Version == "" {
				p.Version, p.Range = "*", true
			}
			out = append(out, p)
		}
	}
	return out, nil
}
