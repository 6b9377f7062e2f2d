package manifest

import (
	"fmt"
	"strings"
)

// parseGemfileLock reads Gemfile.lock. A spec's version may carry a platform
// ("nokogiri (1.13.10-x86_64-linux)"): the version is what precedes the first
// '-', as RubyGems versions never hold one, so advisories match the real version.
func parseGemfileLock(b []byte) ([]Package, error) {
	var out []Package
	direct := make(map[string]bool)
	section, remote, revision := "", "", ""
	inSpecs := false
	seen := make(map[string]int)
	for i, l := range splitLines(b) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if l[0] != ' ' {
			section, remote, revision, inSpecs = strings.TrimSpace(l), "", "", false
			continue
		}
		t := strings.TrimSpace(l)
		indent := len(l) - len(strings.TrimLeft(l, " "))
		switch section {
		case "GEM", "GIT", "PATH", "PLUGIN SOURCE":
			switch {
			case indent == 2 && strings.HasPrefix(t, "remote:"):
				remote = strings.TrimSpace(strings.TrimPrefix(t, "remote:"))
			case indent == 2 && strings.HasPrefix(t, "revision:"):
				revision = strings.TrimSpace(strings.TrimPrefix(t, "revision:"))
			case indent == 2 && t == "specs:":
				inSpecs = true
			case indent == 4 && inSpecs:
				name, ver, err := gemSpec(t)
				if err != nil {
					return nil, fmt.Errorf("line %d: %w", i+1, err)
				}
				p := Package{Name: name, Version: ver, Line: i + 1, Scope: Runtime}
				switch section {
				case "GIT":
					p.Source, p.SourceRef = Git, remote
					if revision != "" {
						p.SourceRef += "@" + revision
					}
				case "PATH":
					p.Source, p.SourceRef = Path, remote
				}
				if _, dup := seen[p.Key()]; dup {
					continue // one entry per platform of the same version
				}
				seen[p.Key()] = len(out)
				out = append(out, p)
			}
		case "DEPENDENCIES":
			if indent == 2 {
				n := strings.Fields(t)[0]
				direct[strings.TrimSuffix(n, "!")] = true
			}
		}
	}
	if len(out) == 0 && !strings.Contains(string(b), "DEPENDENCIES") && len(strings.TrimSpace(string(b))) > 0 {
		return nil, fmt.Errorf("invalid Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section")
	}
	for i := range out {
		out[i].Relation = Transitive
		if direct[out[i].Name] {
			out[i].Relation = Direct
		}
	}
	return out, nil
}

// gemSpec reads "name (version[-platform])".
func gemSpec(t string) (string, string, error) {
	open := strings.IndexByte(t, '(')
	if open <= 0 || !strings.HasSuffix(t, ")") {
		return "", "", fmt.Errorf("invalid Gemfile.lock spec %q", t)
	}
	name := strings.TrimSpace(t[:open])
	ver := t[open+1 : len(t)-1]
	if i := strings.IndexByte(ver, '-'); i > 0 {
		ver = ver[:i]
	}
	if name == "" || ver == "" {
		return "", "", fmt.Errorf("invalid Gemfile.lock spec %q", t)
	}
	return name, ver, nil
}
