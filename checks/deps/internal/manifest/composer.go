package manifest

import (
	"encoding/json"
	"fmt"
	"strings"
)

type composerPackage struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	License []string `json:"license"`
	Source  struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"source"`
	Dist struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"dist"`
}

// parseComposerLock reads composer.lock; "packages-dev" is development. The
// licence list is a disjunction, as Composer documents it.
func parseComposerLock(b, companion []byte) ([]Package, error) {
	var lock struct {
		Packages    []composerPackage `json:"packages"`
		PackagesDev []composerPackage `json:"packages-dev"`
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		return nil, fmt.Errorf("invalid composer.lock: %w", err)
	}
	if lock.Packages == nil && lock.PackagesDev == nil {
		return nil, fmt.Errorf("invalid composer.lock: no packages section")
	}
	var direct map[string]Scope
	if len(companion) > 0 {
		var cj struct {
			Require    map[string]string `json:"require"`
			RequireDev map[string]string `json:"require-dev"`
		}
		if json.Unmarshal(companion, &cj) == nil {
			direct = make(map[string]Scope)
			for n := range cj.RequireDev {
				direct[strings.ToLower(n)] = Development
			}
			for n := range cj.Require {
				direct[strings.ToLower(n)] = Runtime
			}
		}
	}
	lines := jsonFieldLines(b, "name")
	var out []Package
	for _, sec := range []struct {
		ps []composerPackage
		s  Scope
	}{{lock.Packages, Runtime}, {lock.PackagesDev, Development}} {
		for _, e := range sec.ps {
			if e.Name == "" || e.Version == "" {
				return nil, fmt.Errorf("invalid composer.lock: a package has no name or version")
			}
			p := Package{Name: e.Name, Version: strings.TrimPrefix(e.Version, "v"), Scope: sec.s, Line: lines[e.Name]}
			p.Relation = relationFrom(direct, strings.ToLower(e.Name), &p)
			if len(e.License) > 0 {
				p.License = strings.Join(e.License, " OR ")
				if len(e.License) > 1 {
					p.License = "(" + p.License + ")"
				}
			}
			switch {
			case e.Dist.Type == "path":
				p.Source, p.SourceRef = Path, e.Dist.URL
			case strings.HasPrefix(e.Version, "dev-") && e.Source.Type == "git":
				p.Source, p.SourceRef = Git, e.Source.URL
			}
			out = append(out, p)
		}
	}
	return out, nil
}
