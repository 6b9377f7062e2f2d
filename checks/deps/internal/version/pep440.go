package version

import (
	"fmt"
	"regexp"
	"strings"
)

// pep440Re is the canonical regular expression of PEP 440, appendix B.
var pep440Re = regexp.MustCompile(`(?i)^v?(?:(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)(?P<pre>[-_\.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?P<pre_n>[0-9]+)?)?(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_\.]?(?P<post_l>post|rev|r)[-_\.]?(?P<post_n2>[0-9]+)?))?(?P<dev>[-_\.]?(?P<dev_l>dev)[-_\.]?(?P<dev_n>[0-9]+)?)?)(?:\+(?P<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?$`)

// Sentinels for absent segments, so that the ordering of packaging's _cmpkey holds.
const (
	negInf = -1 << 30
	posInf = 1 << 30
)

type pep440 struct {
	epoch   string
	release []string
	preRank int // 0 a, 1 b, 2 rc; negInf/posInf when absent
	preNum  string
	post    string // "" absent
	hasPost bool
	dev     string
	hasDev  bool
	local   []string
}

func parsePEP440(s string) (Version, error) {
	m := pep440Re.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, fmt.Errorf("invalid PEP 440 version %q", s)
	}
	g := func(name string) string { return m[pep440Re.SubexpIndex(name)] }
	v := pep440{epoch: g("epoch"), release: strings.Split(g("release"), ".")}
	if v.epoch == "" {
		v.epoch = "0"
	}
	for len(v.release) > 1 && strings.TrimLeft(v.release[len(v.release)-1], "0") == "" {
		v.release = v.release[:len(v.release)-1]
	}
	v.hasPost = g("post") != ""
	v.post = g("post_n1") + g("post_n2")
	v.hasDev = g("dev") != ""
	v.dev = g("dev_n")
	switch strings.ToLower(g("pre_l")) {
	case "a", "alpha":
		v.preRank = 0
	case "b", "beta":
		v.preRank = 1
	case "c", "rc", "pre", "preview":
		v.preRank = 2
	default:
		// No pre-release: a bare .devN sorts before every pre-release of
		// the same release, anything else after them.
		if !v.hasPost && v.hasDev {
			v.preRank = negInf
		} else {
			v.preRank = posInf
		}
	}
	v.preNum = g("pre_n")
	if l := g("local"); l != "" {
		v.local = strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	}
	return v, nil
}

func (v pep440) Compare(o Version) int {
	w, ok := o.(pep440)
	if !ok {
		return 0
	}
	if c := compareDigits(v.epoch, w.epoch); c != 0 {
		return c
	}
	for i := 0; i < len(v.release) || i < len(w.release); i++ {
		a, b := "0", "0"
		if i < len(v.release) {
			a = v.release[i]
		}
		if i < len(w.release) {
			b = w.release[i]
		}
		if c := compareDigits(a, b); c != 0 {
			return c
		}
	}
	if c := sign(v.preRank - w.preRank); c != 0 {
		return c
	}
	if v.preRank != negInf && v.preRank != posInf {
		if c := compareDigits(v.preNum, w.preNum); c != 0 {
			return c
		}
	}
	if v.hasPost != w.hasPost {
		if v.hasPost {
			return 1
		}
		return -1
	}
	if c := compareDigits(v.post, w.post); c != 0 {
		return c
	}
	if v.hasDev != w.hasDev {
		if v.hasDev {
			return -1
		}
		return 1
	}
	if c := compareDigits(v.dev, w.dev); c != 0 {
		return c
	}
	return compareLocal(v.local, w.local)
}

// compareLocal orders local version labels: numeric segments above
// alphanumeric ones, a longer label above its prefix.
func compareLocal(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		an, bn := isDigits(a[i]), isDigits(b[i])
		var c int
		switch {
		case an && bn:
			c = compareDigits(a[i], b[i])
		case an:
			c = 1
		case bn:
			c = -1
		default:
			c = strings.Compare(a[i], b[i])
		}
		if c != 0 {
			return c
		}
	}
	return sign(len(a) - len(b))
}
