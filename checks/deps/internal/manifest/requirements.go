package manifest

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	reqName = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$`)
	eggName = regexp.MustCompile(`[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)`)
)

// parseRequirements reads a pip requirements file. A pin (== or ===) is a
// resolved version; any other specifier is kept as a range. Files compiled by
// pip-compile annotate each line with "# via"; then only lines "via -r" are direct.
func parseRequirements(b []byte) ([]Package, error) {
	lines := splitLines(b)
	compiled := strings.Contains(string(b), "# via")
	var out []Package
	var pending *Package
	for i := 0; i < len(lines); i++ {
		start := i
		l := lines[i]
		// Join continuation lines.
		for strings.HasSuffix(l, `\`) && i+1 < len(lines) {
			i++
			l = strings.TrimSuffix(l, `\`) + " " + lines[i]
		}
		trimmed := strings.TrimSpace(l)
		if pending != nil && strings.HasPrefix(trimmed, "#") {
			c := strings.TrimSpace(strings.TrimPrefix(trimmed, "#"))
			if strings.HasPrefix(c, "via -r") || strings.HasPrefix(c, "via -c") || strings.HasPrefix(c, "-r ") {
				pending.Relation = Direct
			}
			continue
		}
		if j := strings.Index(l, " #"); j >= 0 {
			l = l[:j]
		}
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "-e") && !strings.HasPrefix(l, "--editable") {
			continue // options: -r, -c, --index-url, --hash...
		}
		p, ok, err := requirementLine(l)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", start+1, err)
		}
		if !ok {
			continue
		}
		p.Line = start + 1
		p.Relation = Direct
		if compiled {
			p.Relation = Transitive
		}
		out = append(out, p)
		pending = &out[len(out)-1]
	}
	return out, nil
}

func requirementLine(l string) (Package, bool, error) {
	if strings.HasPrefix(l, "-e") || strings.HasPrefix(l, "--editable") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(l, "--editable"), "-e"))
		l = strings.TrimPrefix(l, "=")
		return urlRequirement("", l)
	}
	if strings.Contains(l, "://") && !strings.Contains(l, " @ ") && !strings.Contains(l, "@ ") {
		return urlRequirement("", l)
	}
	if i := strings.IndexByte(l, ';'); i >= 0 {
		l = strings.TrimSpace(l[:i]) // environment markers
	}
	if i := strings.Index(l, " --"); i >= 0 {
		l = strings.TrimSpace(l[:i]) // per-requirement options (--hash)
	}
	m := reqName.FindStringSubmatch(l)
	if m == nil {
		return Package{}, false, fmt.Errorf("invalid requirement %q", l)
	}
	name, spec := m[1], strings.TrimSpace(m[3])
	if strings.HasPrefix(spec, "@") {
		return urlRequirement(name, strings.TrimSpace(spec[1:]))
	}
	p := Package{Name: name, Version: spec, Range: true}
	if spec == "" {
		p.Version = "*"
		return p, true, nil
	}
	for _, op := range []string{"===", "=="} {
		if strings.HasPrefix(spec, op) && !strings.ContainsAny(spec[len(op):], ",*<>!~") {
			p.Version, p.Range = strings.TrimSpace(spec[len(op):]), false
			break
		}
	}
	return p, true, nil
}

// urlRequirement reads a requirement installed from a URL, a VCS or a path.
func urlRequirement(name, ref string) (Package, bool, error) {
	if name == "" {
		if m := eggName.FindStringSubmatch(ref); m != nil {
			name = m[1]
		}
	}
	p := Package{Name: name, Version: ref, Range: true, SourceRef: ref}
	switch {
	case strings.HasPrefix(ref, "git+") || strings.HasPrefix(ref, "hg+") || strings.HasPrefix(ref, "svn+") || strings.HasPrefix(ref, "bzr+"):
		p.Source = Git
		if i := strings.LastIndexByte(ref, '@'); i > strings.Index(ref, "://")+3 {
			p.Version = strings.SplitN(ref[i+1:], "#", 2)[0]
		}
	case strings.Contains(ref, "://"):
		p.Source = URL
	default:
		p.Source = Path
	}
	if p.Name == "" {
		p.Name = ref
	}
	return p, true, nil
}
