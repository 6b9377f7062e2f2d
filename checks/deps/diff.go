package deps

import (
	"sort"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/version"
)

// ChangeType is how a dependency changed between base and head.
type ChangeType string

// Change types.
const (
	Added         ChangeType = "added"
	Removed       ChangeType = "removed"
	Upgraded      ChangeType = "upgraded"
	Downgraded    ChangeType = "downgraded"
	Changed       ChangeType = "changed" // versions that do not order (ranges, commits)
	SourceChanged ChangeType = "source changed"
)

// change is one dependency's change within a unit, with what was learnt about it.
type change struct {
	unit *unit
	typ  ChangeType
	name string
	from *manifest.Package
	to   *manifest.Package
	// sourceMoved is set when the source kind or reference changed too.
	sourceMoved bool
	// newName is set when the unit had no version of the package at base.
	newName    bool
	advisories []*advisory
	// preexisting are advisories that affect the base version as well.
	preexisting []string
	license     string
	licenseNote string
}

// isNewAtHead: the head version did not exist at base, so what it brings is
// introduced by the pull request.
func (c *change) isNewAtHead() bool { return c.to != nil && c.typ != Removed }

// diff computes the unit's changes, per package name. A name with several
// versions (npm installs duplicates) pairs its vanished and appeared versions
// in version order.
func (u *unit) diff() {
	base := groupByName(u.base)
	head := groupByName(u.head)
	names := make([]string, 0, len(base)+len(head))
	for n := range base {
		names = append(names, n)
	}
	for n := range head {
		if _, ok := base[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	eco := u.kind.Ecosystem()
	for _, n := range names {
		b, h := base[n], head[n]
		bv := make(map[string]*manifest.Package, len(b))
		for _, p := range b {
			bv[p.Version] = p
		}
		hv := make(map[string]*manifest.Package, len(h))
		for _, p := range h {
			hv[p.Version] = p
		}
		var gone, came []*manifest.Package
		for _, p := range b {
			if q, ok := hv[p.Version]; ok {
				if p.Source != q.Source || p.SourceRef != q.SourceRef {
					u.add(&change{typ: SourceChanged, name: n, from: p, to: q, sourceMoved: true})
				}
				continue
			}
			gone = append(gone, p)
		}
		for _, p := range h {
			if _, ok := bv[p.Version]; !ok {
				came = append(came, p)
			}
		}
		sortByVersion(eco, gone)
		sortByVersion(eco, came)
		pairs := min(len(gone), len(came))
		if len(b) == 0 || len(h) == 0 {
			pairs = 0
		}
		for i := 0; i < pairs; i++ {
			f, t := gone[i], came[i]
			c := &change{name: n, from: f, to: t, typ: Changed,
				sourceMoved: f.Source != t.Source || f.SourceRef != t.SourceRef}
			if !f.Range && !t.Range {
				if cmp, err := version.Compare(eco, f.Version, t.Version); err == nil && cmp < 0 {
					c.typ = Upgraded
				} else if err == nil && cmp > 0 {
					c.typ = Downgraded
				}
			}
			u.add(c)
		}
		for _, p := range gone[pairs:] {
			u.add(&change{typ: Removed, name: n, from: p})
		}
		for _, p := range came[pairs:] {
			u.add(&change{typ: Added, name: n, to: p, newName: len(b) == 0})
		}
	}
}

func (u *unit) add(c *change) {
	c.unit = u
	u.changes = append(u.changes, c)
}

func groupByName(pkgs []manifest.Package) map[string][]*manifest.Package {
	out := make(map[string][]*manifest.Package)
	for i := range pkgs {
		p := &pkgs[i]
		out[p.Name] = append(out[p.Name], p)
	}
	return out
}

// sortByVersion orders versions ascending; unparsable ones keep their order, last.
func sortByVersion(eco string, ps []*manifest.Package) {
	if len(ps) < 2 {
		return
	}
	sort.SliceStable(ps, func(i, j int) bool {
		c, err := version.Compare(eco, ps[i].Version, ps[j].Version)
		return err == nil && c < 0
	})
}

// directAtBase reports whether name was a direct dependency in the unit at base.
func (u *unit) directAtBase(name string) bool {
	if u.baseDirect == nil {
		u.baseDirect = make(map[string]bool)
		for _, p := range u.base {
			if p.Relation == manifest.Direct {
				u.baseDirect[p.Name] = true
			}
		}
	}
	return u.baseDirect[name]
}
