package osv

import (
	"sort"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/version"
)

// Match reports whether v affects the package version, and the first version
// that fixes it (empty when none is known). A version this package cannot
// parse is reported as affected when a range names the package: an advisory
// is never dropped because a version string was unusual.
func Match(v *Vuln, ecosystem, name, ver string) (affected bool, fixed string) {
	if v.Withdrawn != "" {
		return false, ""
	}
	norm := NormalizeName(ecosystem, name)
	qv := QueryVersion(ecosystem, ver)
	for i := range v.Affected {
		a := &v.Affected[i]
		eco := a.Package.Ecosystem
		if j := strings.IndexByte(eco, ':'); j >= 0 {
			eco = eco[:j]
		}
		if eco != ecosystem || NormalizeName(ecosystem, a.Package.Name) != norm {
			continue
		}
		for _, listed := range a.Versions {
			if listed == qv || listed == ver {
				f := ""
				for _, r := range a.Ranges {
					if _, rf, _ := matchRange(r, ecosystem, qv); rf != "" {
						f = rf
					}
				}
				return true, f
			}
		}
		for _, r := range a.Ranges {
			if r.Type != "ECOSYSTEM" && r.Type != "SEMVER" {
				continue // GIT ranges are commits, not versions
			}
			if hit, f, _ := matchRange(r, ecosystem, qv); hit {
				return true, f
			}
		}
	}
	return false, ""
}

type parsedEvent struct {
	ev  Event
	ver version.Version
	at  string
}

// matchRange walks a range's events in version order, as the OSV schema
// specifies: introduced opens, fixed closes at the version, last_affected
// closes after it.
func matchRange(r Range, ecosystem, ver string) (bool, string, error) {
	ordering := ecosystem
	if r.Type == "SEMVER" {
		ordering = "SEMVER"
	}
	target, err := version.Parse(ordering, ver)
	if err != nil {
		return true, "", err
	}
	var evs []parsedEvent
	for _, e := range r.Events {
		at := e.Introduced + e.Fixed + e.LastAffected + e.Limit
		if e.Introduced == "0" {
			evs = append(evs, parsedEvent{ev: e, at: "0"})
			continue
		}
		pv, err := version.Parse(ordering, at)
		if err != nil {
			continue
		}
		evs = append(evs, parsedEvent{ev: e, ver: pv, at: at})
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i].ver, evs[j].ver
		switch {
		case a == nil && b == nil:
			return false
		case a == nil:
			return true
		case b == nil:
			return false
		}
		return a.Compare(b) < 0
	})
	affected := false
	fixed := ""
	for _, e := range evs {
		cmp := 1 // "0" is below everything
		if e.ver != nil {
			cmp = target.Compare(e.ver)
		}
		switch {
		case e.ev.Introduced != "":
			if cmp >= 0 {
				affected = true
			}
		case e.ev.Fixed != "":
			if affected && cmp < 0 && fixed == "" {
				fixed = e.at
			}
			if cmp >= 0 {
				affected = false
			}
		case e.ev.LastAffected != "":
			if cmp > 0 {
				affected = false
			}
		case e.ev.Limit != "":
			if cmp >= 0 {
				affected = false
			}
		}
	}
	if !affected {
		fixed = ""
	}
	return affected, fixed, nil
}
