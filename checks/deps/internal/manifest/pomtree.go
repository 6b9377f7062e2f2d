package manifest

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Bounds on what a pom.xml makes the check read: parents in a chain (Maven
// has no limit; real builds use a few) and nested BOM imports.
const (
	maxPomParents = 16
	maxBOMNesting = 3
	maxBOMModules = 256
)

type pomReader func(p string) ([]byte, bool, error)

// ParsePomTree reads the pom.xml at p with what it inherits in the same
// repository, as Maven builds its effective model: a parent is the file at
// <relativePath> (default ../pom.xml; a directory means its pom.xml) when
// that file's coordinates are the ones <parent> names; properties and
// dependencyManagement are inherited, the child's winning; a BOM imported
// into dependencyManagement is found among the modules of the chain's POMs.
// read returns another file of the same commit. A version still unresolved
// names the parent or BOM outside the repository that manages it
// (Package.Unresolved).
func ParsePomTree(p string, content []byte, read func(p string) ([]byte, bool, error)) ([]Package, error) {
	child, err := readPom(content)
	if err != nil {
		return nil, err
	}
	eff, err := effective(path.Clean(p), child, read, 0)
	if err != nil {
		return nil, err
	}
	return finish(PomXML, eff.resolve(child)), nil
}

// effectivePom is what a POM's chain and imports add up to.
type effectivePom struct {
	props   map[string]string
	managed map[string]string // "group:artifact" → resolved version
	// outside names the parents and BOMs outside the repository.
	outside []string
}

type chainLink struct {
	path  string
	model *pomModel
}

func effective(p string, m *pomModel, read pomReader, depth int) (*effectivePom, error) {
	chain, external, err := parentChain(p, m, read)
	if err != nil {
		return nil, err
	}
	e := &effectivePom{props: make(map[string]string), managed: make(map[string]string)}
	if external != "" {
		e.outside = append(e.outside, "parent "+external)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		for k, v := range chain[i].model.props {
			e.props[k] = v
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		for _, d := range chain[i].model.managed {
			e.managed[interpolate(d.group, e.props)+":"+interpolate(d.artifact, e.props)] = interpolate(d.version, e.props)
		}
	}
	// Imported BOMs manage what the POM's own dependencyManagement does not;
	// the first import wins.
	for _, l := range chain {
		for _, bom := range l.model.boms {
			bom = interpolate(bom, e.props)
			imported, err := importBOM(bom, chain, read, depth)
			if err != nil {
				return nil, err
			}
			if imported == nil {
				e.addOutside("BOM " + bom)
				continue
			}
			for k, v := range imported.managed {
				if _, ok := e.managed[k]; !ok {
					e.managed[k] = v
				}
			}
			for _, o := range imported.outside {
				e.addOutside(o)
			}
		}
	}
	return e, nil
}

// parentChain is m and its parents in the repository, child first, and the
// coordinates of the first parent that is not in it ("" when none).
func parentChain(p string, m *pomModel, read pomReader) ([]chainLink, string, error) {
	chain := []chainLink{{p, m}}
	seen := map[string]bool{p: true}
	for cur := chain[0]; cur.model.hasParent && len(chain) <= maxPomParents; {
		coords := cur.model.parentGroup + ":" + cur.model.parentArtifact + ":" + cur.model.parentVer
		pp, ok := parentPath(cur.path, cur.model)
		if !ok || seen[pp] {
			return chain, coords, nil
		}
		parent, err := readPomAt(pp, read)
		if err != nil {
			return nil, "", err
		}
		if parent == nil || parent.group != cur.model.parentGroup || parent.artifact != cur.model.parentArtifact {
			return chain, coords, nil
		}
		seen[pp] = true
		cur = chainLink{pp, parent}
		chain = append(chain, cur)
	}
	return chain, "", nil
}

// importBOM finds the BOM "group:artifact:version" among the modules of the
// chain's POMs and returns what it manages, or nil when it is not there.
func importBOM(bom string, chain []chainLink, read pomReader, depth int) (*effectivePom, error) {
	if depth >= maxBOMNesting {
		return nil, nil
	}
	parts := strings.Split(bom, ":")
	if len(parts) < 2 {
		return nil, nil
	}
	tried := 0
	for _, l := range chain {
		for _, mod := range l.model.modules {
			if tried++; tried > maxBOMModules {
				return nil, nil
			}
			mp, ok := pomFile(l.path, mod)
			if !ok {
				continue
			}
			m, err := readPomAt(mp, read)
			if err != nil {
				return nil, err
			}
			if m != nil && m.group == parts[0] && m.artifact == parts[1] {
				return effective(mp, m, read, depth+1)
			}
		}
	}
	return nil, nil
}

// readPomAt reads the POM at p; nil when it is absent or unreadable, which
// leaves its versions unresolved rather than failing the check.
func readPomAt(p string, read pomReader) (*pomModel, error) {
	b, found, err := read(p)
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", p, err)
	}
	if !found {
		return nil, nil
	}
	m, _ := readPom(b)
	return m, nil
}

// parentPath is where Maven looks for cur's parent, or false when
// <relativePath/> is empty (the parent comes from a repository) or points
// outside the repository.
func parentPath(curPath string, cur *pomModel) (string, bool) {
	rel := "../pom.xml"
	if cur.relPathSet {
		rel = cur.relPath
	}
	if rel == "" {
		return "", false
	}
	return pomFile(curPath, rel)
}

// pomFile is the POM that rel (a file, or a directory holding pom.xml) names
// from the POM at from; false when it is outside the repository.
func pomFile(from, rel string) (string, bool) {
	p := path.Join(path.Dir(from), rel)
	if !strings.HasSuffix(p, ".xml") {
		p = path.Join(p, "pom.xml")
	}
	if strings.HasPrefix(p, "../") || p == ".." || path.IsAbs(p) {
		return "", false
	}
	return p, true
}

// resolve gives the child's dependencies their effective versions.
func (e *effectivePom) resolve(child *pomModel) []Package {
	var out []Package
	for _, d := range child.deps {
		name := interpolate(d.group, e.props) + ":" + interpolate(d.artifact, e.props)
		ver := d.version
		if ver == "" {
			ver = e.managed[name]
		}
		ver = interpolate(ver, e.props)
		p := Package{Name: name, Version: ver, Line: d.line, Relation: Direct, Scope: Runtime}
		if d.scope == "test" {
			p.Scope = Development
		}
		if d.scope == "system" {
			p.Source, p.SourceRef = Path, d.system
		}
		if ver == "" || strings.Contains(ver, "${") || strings.ContainsAny(ver[:1], "[(") || strings.Contains(ver, ",") {
			p.Range = true
		}
		if ver == "" || strings.Contains(ver, "${") {
			p.Unresolved = e.unresolvedWhy(ver)
			if ver == "" {
				p.Version = "(managed elsewhere)"
			}
		}
		out = append(out, p)
	}
	// The versions this POM pins for its modules are judged where they are
	// written: a parent's downgrade reaches every module that uses it.
	declared := make(map[string]bool, len(out))
	for _, p := range out {
		declared[p.Name] = true
	}
	for _, d := range child.managed {
		name := interpolate(d.group, e.props) + ":" + interpolate(d.artifact, e.props)
		ver := e.managed[name]
		if declared[name] || ver == "" {
			continue
		}
		declared[name] = true
		p := Package{Name: name, Version: ver, Line: d.line, Relation: Managed}
		p.Range = strings.Contains(ver, "${") || strings.ContainsAny(ver[:1], "[(") || strings.Contains(ver, ",")
		out = append(out, p)
	}
	return out
}

func (e *effectivePom) addOutside(what string) {
	if !slices.Contains(e.outside, what) {
		e.outside = append(e.outside, what)
	}
}

func (e *effectivePom) unresolvedWhy(ver string) string {
	switch {
	case len(e.outside) > 0:
		return "managed by " + strings.Join(e.outside, ", ")
	case ver == "":
		return "no version declared"
	}
	return "undefined property in " + ver
}
