package version

import (
	"fmt"
	"regexp"
	"strings"
)

var gemValid = regexp.MustCompile(`^[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)
var gemSegment = regexp.MustCompile(`[0-9]+|[a-zA-Z]+`)

// gemVersion follows Gem::Version: numeric and alphabetic segments, a letter
// marking a pre-release, trailing zeros ignored.
type gemVersion struct{ segs []string }

func parseGem(s string) (Version, error) {
	if !gemValid.MatchString(s) {
		return nil, fmt.Errorf("invalid RubyGems version %q", s)
	}
	s = strings.ReplaceAll(s, "-", ".pre.")
	segs := gemSegment.FindAllString(s, -1)
	return gemVersion{segs: canonicalGem(segs)}, nil
}

// canonicalGem drops zeros that end the release part and the pre-release part,
// as Gem::Version#canonical_segments does.
func canonicalGem(segs []string) []string {
	split := len(segs)
	for i, s := range segs {
		if !isDigits(s) {
			split = i
			break
		}
	}
	rel, pre := trimZeros(segs[:split]), trimZeros(segs[split:])
	return append(append([]string{}, rel...), pre...)
}

func trimZeros(segs []string) []string {
	for len(segs) > 0 && isDigits(segs[len(segs)-1]) && strings.TrimLeft(segs[len(segs)-1], "0") == "" {
		segs = segs[:len(segs)-1]
	}
	return segs
}

func (v gemVersion) Compare(o Version) int {
	w, ok := o.(gemVersion)
	if !ok {
		return 0
	}
	for i := 0; i < len(v.segs) || i < len(w.segs); i++ {
		a, b := "0", "0"
		if i < len(v.segs) {
			a = v.segs[i]
		}
		if i < len(w.segs) {
			b = w.segs[i]
		}
		an, bn := isDigits(a), isDigits(b)
		switch {
		case an && bn:
			if c := compareDigits(a, b); c != 0 {
				return c
			}
		case an:
			return 1
		case bn:
			return -1
		default:
			if c := strings.Compare(a, b); c != 0 {
				return sign(c)
			}
		}
	}
	return 0
}
