package manifest

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var fullSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// Pinned reports whether an action reference is a full commit SHA, the only
// reference that cannot be moved under the workflow's feet.
func Pinned(ref string) bool { return fullSHA.MatchString(ref) }

// parseUses reads the actions and reusable workflows a GitHub Actions
// workflow (jobs.<id>.uses, steps[].uses) or a composite action's action.yml
// (runs.steps[].uses) uses: "owner/repo[/path]@ref". Local ("./") and
// docker:// uses are not dependencies on another repository and are skipped.
func parseUses(b []byte, what string) ([]Package, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("invalid %s: %w", what, err)
	}
	var out []Package
	seen := make(map[string]bool)
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > 64 {
			return
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "uses" && v.Kind == yaml.ScalarNode {
					if p, ok := actionRef(v.Value); ok && !seen[p.Key()] {
						seen[p.Key()] = true
						p.Line = v.Line
						out = append(out, p)
					}
					continue
				}
				walk(v, depth+1)
			}
			return
		}
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(&doc, 0)
	return out, nil
}

func actionRef(uses string) (Package, bool) {
	uses = strings.TrimSpace(uses)
	if strings.HasPrefix(uses, "./") || strings.HasPrefix(uses, "docker://") || strings.Contains(uses, "${{") {
		return Package{}, false
	}
	name, ref, ok := strings.Cut(uses, "@")
	if !ok || name == "" || ref == "" || !strings.Contains(name, "/") {
		return Package{}, false
	}
	return Package{Name: name, Version: ref, Relation: Direct, Scope: Runtime}, true
}
