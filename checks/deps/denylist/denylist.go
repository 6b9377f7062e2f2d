// Package denylist reads dependencies.deny_packages entries: package URLs
// with an optional version constraint. It imports nothing from config, so
// config validation can use it.
package denylist

import (
	"fmt"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
	"net/url"
	"path"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/version"
)

// purlTypes maps package-URL types to OSV ecosystems.
var purlTypes = map[string]string{
	"npm":           "npm",
	"pypi":          "PyPI",
	"golang":        "Go",
	"cargo":         "crates.io",
	"gem":           "RubyGems",
	"composer":      "Packagist",
	"maven":         "Maven",
	"github":        "GitHub Actions",
	"githubactions": "GitHub Actions",
}

// Pattern is one deny_packages entry: a package URL whose name may hold '*'
// globs and whose version may be a constraint list ("<2.0", ">=1,<1.5").
type Pattern struct {
	// Raw is the entry as written.
	Raw string
	// Ecosystem is the OSV ecosystem the entry's type names.
	Ecosystem   string
	name        string
	constraints []constraint
}

type constraint struct {
	op  string
	ver version.Version
}

// Validate reports whether s is a usable deny_packages entry:
// "pkg:TYPE/[NAMESPACE/]NAME[@VERSION]" with TYPE one of npm, pypi, golang,
// cargo, gem, composer, maven, github; NAME may hold '*' globs; VERSION is an
// exact version or comma-separated constraints (<, <=, >, >=, =, !=).
func Validate(s string) error {
	_, err := Parse(s)
	return err
}

// Parse reads a deny_packages entry.
func Parse(s string) (*Pattern, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "pkg:")
	if !ok {
		return nil, fmt.Errorf("deny pattern %q: must start with pkg:", s)
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i] // qualifiers and subpath do not identify a package here
	}
	typ, body, ok := strings.Cut(rest, "/")
	if !ok || body == "" {
		return nil, fmt.Errorf("deny pattern %q: expected pkg:TYPE/NAME", s)
	}
	eco, ok := purlTypes[strings.ToLower(typ)]
	if !ok {
		return nil, fmt.Errorf("deny pattern %q: unsupported package type %q", s, typ)
	}
	d := &Pattern{Raw: s, Ecosystem: eco}
	// The version follows the last '@' that does not open a path segment
	// (npm scopes are "@scope").
	verSpec := ""
	for i := len(body) - 1; i > 0; i-- {
		if body[i] == '@' && body[i-1] != '/' {
			body, verSpec = body[:i], body[i+1:]
			break
		}
	}
	segs := strings.Split(body, "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil || u == "" {
			return nil, fmt.Errorf("deny pattern %q: invalid name segment %q", s, seg)
		}
		segs[i] = u
	}
	if eco == "Maven" {
		if len(segs) != 2 {
			return nil, fmt.Errorf("deny pattern %q: maven needs pkg:maven/GROUP/ARTIFACT", s)
		}
		d.name = segs[0] + ":" + segs[1]
	} else {
		d.name = strings.Join(segs, "/")
	}
	if _, err := path.Match(d.name, ""); err != nil {
		return nil, fmt.Errorf("deny pattern %q: invalid glob: %w", s, err)
	}
	if verSpec != "" && verSpec != "*" {
		cs, err := parseConstraints(eco, verSpec)
		if err != nil {
			return nil, fmt.Errorf("deny pattern %q: %w", s, err)
		}
		d.constraints = cs
	}
	return d, nil
}

func parseConstraints(eco, spec string) ([]constraint, error) {
	var out []constraint
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		op := "="
		for _, o := range []string{"<=", ">=", "!=", "<", ">", "="} {
			if strings.HasPrefix(part, o) {
				op, part = o, strings.TrimSpace(part[len(o):])
				break
			}
		}
		v, err := version.Parse(eco, part)
		if err != nil {
			return nil, fmt.Errorf("invalid version %q: %w", part, err)
		}
		out = append(out, constraint{op: op, ver: v})
	}
	return out, nil
}

// Matches reports whether the pattern denies a package. isRange marks a
// version that is a requested range (a manifest without a lockfile): it
// matches only patterns without a version constraint.
func (d *Pattern) Matches(ecosystem, name, ver string, isRange bool) bool {
	if ecosystem != d.Ecosystem {
		return false
	}
	pat := d.name
	if ecosystem == "PyPI" || ecosystem == "Packagist" {
		name, pat = normalize(ecosystem, name), normalize(ecosystem, pat)
	}
	if ok, _ := path.Match(pat, name); !ok {
		return false
	}
	if len(d.constraints) == 0 {
		return true
	}
	if isRange {
		return false
	}
	v, err := version.Parse(ecosystem, ver)
	if err != nil {
		return false
	}
	for _, c := range d.constraints {
		cmp := v.Compare(c.ver)
		var ok bool
		switch c.op {
		case "=":
			ok = cmp == 0
		case "!=":
			ok = cmp != 0
		case "<":
			ok = cmp < 0
		case "<=":
			ok = cmp <= 0
		case ">":
			ok = cmp > 0
		case ">=":
			ok = cmp >= 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// normalize compares PyPI names per PEP 503 and other names case-blind.
func normalize(eco, n string) string {
	if eco == "PyPI" {
		return osv.NormalizeName(eco, n)
	}
	return strings.ToLower(n)
}
