package version

import (
	"strings"
)

// generic is a sequence of numeric and alphabetic tokens; used for Packagist
// (with PHP's ranking of special words, see composer.go) and for ecosystems
// with no ordering of their own.
type generic struct {
	toks     []string
	composer bool
}

func tokenize(s string) []string {
	var toks []string
	cur := strings.Builder{}
	lastDigit := false
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		d := c >= '0' && c <= '9'
		alnum := d || (c >= 'a' && c <= 'z')
		if !alnum {
			flush()
			continue
		}
		if cur.Len() > 0 && d != lastDigit {
			flush()
		}
		cur.WriteByte(c)
		lastDigit = d
	}
	flush()
	return toks
}

func parseGeneric(s string) Version {
	s = strings.TrimPrefix(strings.ToLower(s), "v")
	return generic{toks: tokenize(s)}
}

func (v generic) rank(t string) int {
	switch {
	case t == "#" || isDigits(t):
		return composerRank("#")
	case v.composer:
		return composerRank(t)
	}
	return -1 // unknown words sort before numbers, as version_compare does
}

func (v generic) Compare(o Version) int {
	w, ok := o.(generic)
	if !ok {
		return 0
	}
	for i := 0; i < len(v.toks) || i < len(w.toks); i++ {
		var a, b string
		if i < len(v.toks) {
			a = v.toks[i]
		}
		if i < len(w.toks) {
			b = w.toks[i]
		}
		switch {
		case a == "" && b == "":
			return 0
		case a == "":
			// "1.0" vs "1.0.1" is older; "1.0" vs "1.0-beta" is newer.
			if isDigits(b) {
				return -1
			}
			return sign(v.rank("#") - v.rank(b))
		case b == "":
			if isDigits(a) {
				return 1
			}
			return sign(v.rank(a) - v.rank("#"))
		}
		an, bn := isDigits(a), isDigits(b)
		if an && bn {
			if c := compareDigits(a, b); c != 0 {
				return c
			}
			continue
		}
		if c := sign(v.rank(a) - v.rank(b)); c != 0 {
			return c
		}
		// PHP ranks words, never spells them: "b" is "beta", "pl" is "p".
		if c := strings.Compare(a, b); c != 0 && !v.composer {
			return sign(c)
		}
	}
	return 0
}
