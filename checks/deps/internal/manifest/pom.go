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

// parsePom reads the dependencies a pom.xml declares, resolving versions from
// its own properties and dependencyManagement. Version ranges ("[1.0,2.0)")
// and properties defined elsewhere (a parent pom) stay unresolved: they are
// reported but never matched against advisories, which would guess.
func parsePom(b []byte) ([]Package, error) {
	lines := newLineIndex(b)
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	var stack []string
	props := make(map[string]string)
	var deps, managed []pomDep
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
				deps = append(deps, *cur)
				cur = nil
			case p == "project/dependencyManagement/dependencies/dependency" && cur != nil:
				managed = append(managed, *cur)
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
			case p == "project/parent/version":
				props["project.parent.version"] = v
				if _, ok := props["project.version"]; !ok {
					props["project.version"] = v
				}
			case p == "project/parent/groupId":
				if _, ok := props["project.groupId"]; !ok {
					props["project.groupId"] = v
				}
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	if !sawProject {
		return nil, fmt.Errorf("invalid pom.xml: no <project> element")
	}
	managedVersion := make(map[string]string)
	for _, m := range managed {
		managedVersion[interpolate(m.group, props)+":"+interpolate(m.artifact, props)] = m.version
	}
	var out []Package
	for _, d := range deps {
		name := interpolate(d.group, props) + ":" + interpolate(d.artifact, props)
		ver := d.version
		if ver == "" {
			ver = managedVersion[name]
		}
		ver = interpolate(ver, props)
		p := Package{Name: name, Version: ver, Line: d.line, Relation: Direct, Scope: Runtime}
		if d.scope == "test" {
			p.Scope = Development
		}
		if d.scope == "system" {
			p.Source, p.SourceRef = Path, d.system
		}
		if ver == "" || strings.Contains(ver, "${") || strings.ContainsAny(ver[:1], "[(") || strings.Contains(ver, ",") {
			p.Range = true
			if ver == "" {
				p.Version = "(managed elsewhere)"
			}
		}
		out = append(out, p)
	}
	return out, nil
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
