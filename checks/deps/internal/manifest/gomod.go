package manifest

import (
	"fmt"

	"golang.org/x/mod/modfile"
)

// parseGoMod reads go.mod's requirements and applies its replace directives:
// a requirement replaced by a local path becomes a path source, one replaced
// by another module a Replace source whose advisories are the replacement's.
func parseGoMod(b []byte) ([]Package, error) {
	f, err := modfile.Parse("go.mod", b, nil)
	if err != nil {
		return nil, fmt.Errorf("invalid go.mod: %w", err)
	}
	type repl struct {
		path, version string
		local         bool
		line          int
	}
	exact := make(map[string]repl)  // "path@version"
	byPath := make(map[string]repl) // "path"
	for _, r := range f.Replace {
		rp := repl{path: r.New.Path, version: r.New.Version, local: r.New.Version == "", line: r.Syntax.Start.Line}
		if r.Old.Version != "" {
			exact[r.Old.Path+"@"+r.Old.Version] = rp
		} else {
			byPath[r.Old.Path] = rp
		}
	}
	var out []Package
	if std, ok := goStdlib(f); ok {
		out = append(out, std)
	}
	for _, r := range f.Require {
		p := Package{Name: r.Mod.Path, Version: r.Mod.Version, Scope: Runtime, Relation: Direct}
		if r.Indirect {
			p.Relation = Transitive
		}
		if r.Syntax != nil {
			p.Line = r.Syntax.Start.Line
		}
		rp, ok := exact[r.Mod.Path+"@"+r.Mod.Version]
		if !ok {
			rp, ok = byPath[r.Mod.Path]
		}
		if ok {
			if rp.local {
				p.Source, p.SourceRef = Path, rp.path
			} else {
				p.Source, p.SourceRef, p.Version = Replace, rp.path+"@"+rp.version, rp.version
			}
		}
		out = append(out, p)
	}
	return out, nil
}
