package version

import (
	"strconv"
	"strings"
)

// Maven orders versions with ComparableVersion's rules (Maven 3): items split
// on '.', '-' and digit/letter transitions, well-known qualifiers ranked
// alpha < beta < milestone < rc < snapshot < release < sp, unknown ones after.

type mavenKind int

const (
	mavenInt mavenKind = iota
	mavenString
	mavenList
)

type mavenItem struct {
	kind  mavenKind
	num   string // mavenInt: digits without leading zeros ("" is zero)
	qual  string // mavenString: comparable qualifier
	items []*mavenItem
}

var mavenQualifiers = []string{"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"}

var mavenAliases = map[string]string{"ga": "", "final": "", "release": "", "cr": "rc"}

const mavenReleaseIndex = "5"

func comparableQualifier(q string) string {
	for i, k := range mavenQualifiers {
		if q == k {
			return strconv.Itoa(i)
		}
	}
	return strconv.Itoa(len(mavenQualifiers)) + "-" + q
}

func newMavenString(s string, followedByDigit bool) *mavenItem {
	if followedByDigit && len(s) == 1 {
		switch s {
		case "a":
			s = "alpha"
		case "b":
			s = "beta"
		case "m":
			s = "milestone"
		}
	}
	if a, ok := mavenAliases[s]; ok {
		s = a
	}
	return &mavenItem{kind: mavenString, qual: comparableQualifier(s)}
}

func newMavenPart(digit bool, s string) *mavenItem {
	if digit {
		return &mavenItem{kind: mavenInt, num: strings.TrimLeft(s, "0")}
	}
	return newMavenString(s, false)
}

type mavenVersion struct{ root *mavenItem }

func parseMaven(s string) Version {
	s = strings.ToLower(s)
	root := &mavenItem{kind: mavenList}
	list := root
	stack := []*mavenItem{root}
	digit := false
	start := 0
	push := func() {
		l := &mavenItem{kind: mavenList}
		list.items = append(list.items, l)
		list = l
		stack = append(stack, l)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '-':
			if i == start {
				list.items = append(list.items, &mavenItem{kind: mavenInt})
			} else {
				list.items = append(list.items, newMavenPart(digit, s[start:i]))
			}
			start = i + 1
			if c == '-' {
				push()
			}
		case c >= '0' && c <= '9':
			if !digit && i > start {
				list.items = append(list.items, newMavenString(s[start:i], true))
				start = i
				push()
			}
			digit = true
		default:
			if digit && i > start {
				list.items = append(list.items, newMavenPart(true, s[start:i]))
				start = i
				push()
			}
			digit = false
		}
	}
	if len(s) > start {
		list.items = append(list.items, newMavenPart(digit, s[start:]))
	}
	for i := len(stack) - 1; i >= 0; i-- {
		stack[i].normalize()
	}
	return mavenVersion{root: root}
}

func (m *mavenItem) isNull() bool {
	switch m.kind {
	case mavenInt:
		return m.num == ""
	case mavenString:
		return m.qual == mavenReleaseIndex
	default:
		return len(m.items) == 0
	}
}

// normalize drops trailing null items ("1.0.0" equals "1").
func (m *mavenItem) normalize() {
	for i := len(m.items) - 1; i >= 0; i-- {
		last := m.items[i]
		if last.isNull() {
			m.items = append(m.items[:i], m.items[i+1:]...)
		} else if last.kind != mavenList {
			break
		}
	}
}

// compare orders m against o; o == nil stands for a missing item.
func (m *mavenItem) compare(o *mavenItem) int {
	switch m.kind {
	case mavenInt:
		if o == nil {
			if m.num == "" {
				return 0
			}
			return 1
		}
		if o.kind == mavenInt {
			return compareDigits(m.num, o.num)
		}
		return 1
	case mavenString:
		if o == nil {
			return sign(strings.Compare(m.qual, mavenReleaseIndex))
		}
		if o.kind == mavenString {
			return sign(strings.Compare(m.qual, o.qual))
		}
		return -1
	}
	if o == nil {
		if len(m.items) == 0 {
			return 0
		}
		return m.items[0].compare(nil)
	}
	switch o.kind {
	case mavenInt:
		return -1
	case mavenString:
		return 1
	}
	for i := 0; i < len(m.items) || i < len(o.items); i++ {
		var l, r *mavenItem
		if i < len(m.items) {
			l = m.items[i]
		}
		if i < len(o.items) {
			r = o.items[i]
		}
		var c int
		switch {
		case l == nil && r == nil:
			c = 0
		case l == nil:
			c = -r.compare(nil)
		default:
			c = l.compare(r)
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func (v mavenVersion) Compare(o Version) int {
	w, ok := o.(mavenVersion)
	if !ok {
		return 0
	}
	return v.root.compare(w.root)
}
