package manifest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

var mavenProp = regexp.MustCompile(`\$\{([^}]+)\}`)

type pomDep struct {
	group, artifact, version, scope, system string
	line                                    int
}

// pomModel is what one pom.xml says, before inheritance.
type pomModel struct {
	props         map[string]string
	deps, managed []pomDep
	// boms are the coordinates of BOMs imported into dependencyManagement.
	boms []string
	// parent's coordinates; hasParent false without a <parent>.
	hasParent                              bool
	parentGroup, parentArtifact, parentVer string
	// relPath is <relativePath>: unset means ../pom.xml, empty means none.
	relPath         string
	relPathSet      bool
	group, artifact string
	// modules are the <module> directories of an aggregator POM.
	modules []string
}

// parsePom reads a pom.xml alone: versions its parents manage stay unresolved.
func parsePom(b []byte) ([]Package, error) {
	return ParsePomTree("pom.xml", b, func(string) ([]byte, bool, error) { return nil, false, nil })
}

// readPom reads one pom.xml's properties, dependencies, managed versions and parent.
func readPom(b []byte) (*pomModel, error) {
	lines := newLineIndex(b)
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	var stack []string
	m := &pomModel{props: make(map[string]string)}
	props := m.props
	var cur *pomDep
	var text strings.Builder
	sawProject := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("invalid pom.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			text.Reset()
			if len(stack) > 256 {
				return nil, fmt.Errorf("invalid pom.xml: nesting too deep")
			}
			p := strings.Join(stack, "/")
			if p == "project" {
				sawProject = true
			}
			if p == "project/dependencies/dependency" || p == "project/dependencyManagement/dependencies/dependency" {
				cur = &pomDep{line: lines.line(int(dec.InputOffset()) - 1)}
			}
		case xml.CharData:
			if text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fmt.Errorf("invalid pom.xml: unbalanced element %s", t.Name.Local)
			}
			p := strings.Join(stack, "/")
			v := strings.TrimSpace(text.String())
			switch {
			case p == "project/dependencies/dependency" && cur != nil:
				m.deps = append(m.deps, *cur)
				cur = nil
			case p == "project/dependencyManagement/dependencies/dependency" && cur != nil:
				if cur.scope == "import" {
					m.boms = append(m.boms, cur.group+":"+cur.artifact+":"+cur.version)
				} else {
					m.managed = append(m.managed, *cur)
				}
				cur = nil
			case cur != nil && len(stack) >= 2 && strings.HasSuffix(strings.Join(stack[:len(stack)-1], "/"), "dependencies/dependency"):
				switch t.Name.Local {
				case "groupId":
					cur.group = v
				case "artifactId":
					cur.artifact = v
				case "version":
					cur.version = v
				case "scope":
					cur.scope = v
				case "systemPath":
					cur.system = v
				}
			case len(stack) == 3 && stack[1] == "properties":
				props[t.Name.Local] = v
			case p == "project/version":
				props["project.version"] = v
			case p == "project/groupId":
				props["project.groupId"] = v
				m.group = v
			case p == "project/artifactId":
				m.artifact = v
			case p == "project/parent":
				m.hasParent = true
			case p == "project/parent/version":
				m.parentVer = v
				props["project.parent.version"] = v
				if _, ok := props["project.version"]; !ok {
					props["project.version"] = v
				}
			case p == "project/parent/groupId":
				m.parentGroup = v
				if _, ok := props["project.groupId"]; !ok {
					props["project.groupId"] = v
				}
			case p == "project/parent/artifactId":
				m.parentArtifact = v
			case p == "project/modules/module":
				m.modules = append(m.modules, v)
			case p == "project/parent/relativePath":
				m.relPath, m.relPathSet = v, true
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	if !sawProject {
		return nil, fmt.Errorf("invalid pom.xml: no <project> element")
	}
	if m.group == "" {
		m.group = m.parentGroup
	}
	return m, nil
}

// interpolate replaces ${property} references, a few levels deep.
func interpolate(s string, props map[string]string) string {
	for i := 0; i < 5 && strings.Contains(s, "${"); i++ {
		s = mavenProp.ReplaceAllStringFunc(s, func(m string) string {
			if v, ok := props[m[2:len(m)-1]]; ok {
				return v
			}
			return m
		})
	}
	return s
}
