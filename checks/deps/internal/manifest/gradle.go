package manifest

import (
	"fmt"
	"strings"
)

// parseGradleLockfile reads gradle.lockfile: "group:artifact:version=conf1,conf2".
// A package locked only in test configurations is for development.
func parseGradleLockfile(b []byte) ([]Package, error) {
	var out []Package
	for i, l := range splitLines(b) {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "empty=") {
			continue
		}
		coord, confs, _ := strings.Cut(t, "=")
		parts := strings.Split(coord, ":")
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return nil, fmt.Errorf("line %d: invalid gradle.lockfile entry %q", i+1, t)
		}
		p := Package{Name: parts[0] + ":" + parts[1], Version: parts[2], Line: i + 1, Scope: Development}
		for _, c := range strings.Split(confs, ",") {
			if c != "" && !strings.HasPrefix(strings.ToLower(c), "test") {
				p.Scope = Runtime
			}
		}
		out = append(out, p)
	}
	return out, nil
}
