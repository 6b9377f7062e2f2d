package version

import (
	"fmt"
	"strings"
)

// semver is a Semantic Versioning 2.0 version, read leniently: missing minor
// or patch numbers are zero, as npm, Cargo and Go advisories write them.
type semver struct {
	nums [3]string
	pre  []string
}

func parseSemver(s string) (Version, error) {
	if i := strings.IndexByte(s, '+'); i >= 0 {
		s = s[:i] // build metadata never orders
	}
	var v semver
	core := s
	if i := strings.IndexByte(s, '-'); i >= 0 {
		core = s[:i]
		v.pre = strings.Split(s[i+1:], ".")
	}
	parts := strings.Split(core, ".")
	if len(parts) > 3 {
		return nil, fmt.Errorf("invalid semantic version %q", s)
	}
	for i := range v.nums {
		v.nums[i] = "0"
	}
	for i, p := range parts {
		if !isDigits(p) {
			return nil, fmt.Errorf("invalid semantic version %q", s)
		}
		v.nums[i] = p
	}
	return v, nil
}

func (v semver) Compare(o Version) int {
	w, ok := o.(semver)
	if !ok {
		return 0
	}
	for i := range v.nums {
		if c := compareDigits(v.nums[i], w.nums[i]); c != 0 {
			return c
		}
	}
	// A pre-release is older than the release it precedes.
	switch {
	case len(v.pre) == 0 && len(w.pre) == 0:
		return 0
	case len(v.pre) == 0:
		return 1
	case len(w.pre) == 0:
		return -1
	}
	for i := 0; i < len(v.pre) && i < len(w.pre); i++ {
		a, b := v.pre[i], w.pre[i]
		an, bn := isDigits(a), isDigits(b)
		var c int
		switch {
		case an && bn:
			c = compareDigits(a, b)
		case an:
			c = -1
		case bn:
			c = 1
		default:
			c = strings.Compare(a, b)
		}
		if c != 0 {
			return c
		}
	}
	return sign(len(v.pre) - len(w.pre))
}
