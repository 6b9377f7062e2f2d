package deps

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
)

// Bounds of the summary's change tables: GitHub refuses a check run summary
// over 65,535 characters, and the findings and notes after the tables must
// fit too. The JSON report lists every change.
const (
	maxRows       = 100
	maxTableBytes = 30000
)

// changeOrder is the order the kinds of change are grouped in.
var changeOrder = []ChangeType{Added, Removed, Upgraded, Downgraded, Changed, SourceChanged}

func changeRank(t ChangeType) int {
	for i, c := range changeOrder {
		if c == t {
			return i
		}
	}
	return len(changeOrder)
}

// groupChanges orders each unit's changes by kind, then name.
func (ev *evaluation) groupChanges() {
	for _, u := range ev.units {
		sort.SliceStable(u.changes, func(i, j int) bool {
			a, b := u.changes[i], u.changes[j]
			if ra, rb := changeRank(a.typ), changeRank(b.typ); ra != rb {
				return ra < rb
			}
			return a.name < b.name
		})
	}
}

// dependencyReport lists every change for the reports.
func (ev *evaluation) dependencyReport() *checks.DependencyReport {
	r := &checks.DependencyReport{Files: len(ev.units)}
	for _, u := range ev.units {
		for _, c := range u.changes {
			d := checks.DependencyChange{Path: u.path, Ecosystem: u.kind.Ecosystem(), Name: c.name, Change: string(c.typ)}
			p := c.to
			if c.from != nil {
				d.From = c.from.Version
			}
			if c.to != nil {
				d.To = c.to.Version
			} else {
				p = c.from
			}
			if c.sourceMoved && c.from != nil && c.to != nil {
				d.FromSource, d.ToSource = string(c.from.Source), string(c.to.Source)
			}
			d.Relation, d.Scope = relationWord(p.Relation), string(p.Scope)
			r.Changes = append(r.Changes, d)
		}
		r.Unresolved = append(r.Unresolved, unresolvedOf(u)...)
	}
	return r
}

// unresolvedOf lists the head's dependencies whose version is managed
// outside the repository, by name.
func unresolvedOf(u *unit) []checks.UnresolvedDependency {
	var out []checks.UnresolvedDependency
	for _, p := range u.head {
		if p.Unresolved != "" {
			out = append(out, checks.UnresolvedDependency{Path: u.path, Name: p.Name, Why: p.Unresolved})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// declaredOf counts the dependencies a file declares (not the versions it
// manages for others).
func declaredOf(u *unit) int {
	n := 0
	for _, p := range u.head {
		if p.Relation != manifest.Managed {
			n++
		}
	}
	return n
}

// writeUnresolved says, per file, how many dependencies could not be checked
// and which, within maxRows names in all.
func (ev *evaluation) writeUnresolved(b *strings.Builder) {
	listed := 0
	for _, u := range ev.units {
		un := unresolvedOf(u)
		if len(un) == 0 {
			continue
		}
		whys := make([]string, 0, 1)
		for _, d := range un {
			if !slices.Contains(whys, d.Why) {
				whys = append(whys, d.Why)
			}
		}
		fmt.Fprintf(b, "⚠️ %d of %s in `%s` have versions managed outside this repository and were not checked (%s): ",
			len(un), plural(declaredOf(u), "dependency"), u.path, strings.Join(whys, "; "))
		names := make([]string, 0, len(un))
		for _, d := range un {
			if listed == maxRows {
				names = append(names, fmt.Sprintf("and %d more", len(un)-len(names)))
				break
			}
			names = append(names, "`"+cell(d.Name)+"`")
			listed++
		}
		b.WriteString(strings.Join(names, ", ") + ".\n\n")
	}
}

func relationWord(r manifest.Relation) string {
	switch r {
	case manifest.Direct:
		return "direct"
	case manifest.Transitive:
		return "transitive"
	case manifest.Managed:
		return "managed"
	}
	return ""
}

// countLine says how many of each kind of change there are, and how many are
// direct or for development: "2 added, 1 downgraded (2 direct, 1 dev)".
func countLine(us []*unit) string {
	counts := make(map[ChangeType]int)
	direct, dev := 0, 0
	for _, u := range us {
		for _, c := range u.changes {
			counts[c.typ]++
			p := c.to
			if p == nil {
				p = c.from
			}
			if p.Relation == manifest.Direct {
				direct++
			}
			if p.Scope == manifest.Development {
				dev++
			}
		}
	}
	var parts []string
	for _, t := range changeOrder {
		if counts[t] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[t], t))
		}
	}
	var marks []string
	if direct > 0 {
		marks = append(marks, fmt.Sprintf("%d direct", direct))
	}
	if dev > 0 {
		marks = append(marks, fmt.Sprintf("%d dev", dev))
	}
	s := strings.Join(parts, ", ")
	if len(marks) > 0 {
		s += " (" + strings.Join(marks, ", ") + ")"
	}
	return s
}

// writeChangeTables writes one table per file, its rows grouped by kind of
// change, within maxRows rows and maxTableBytes in all.
func (ev *evaluation) writeChangeTables(b *strings.Builder, changed int) {
	fmt.Fprintf(b, "**%s changed**: %s.\n\n", plural(changed, "dependency"), countLine(ev.units))
	start, rows := b.Len(), 0
	for _, u := range ev.units {
		if len(u.changes) == 0 {
			continue
		}
		if rows >= maxRows || b.Len()-start >= maxTableBytes {
			break
		}
		fmt.Fprintf(b, "#### `%s` (%s)\n\n", u.path, u.kind.Ecosystem())
		b.WriteString("| Package | Change | Version | Dependency | Advisories | Licence |\n|---|---|---|---|---|---|\n")
		for _, c := range u.changes {
			if rows >= maxRows || b.Len()-start >= maxTableBytes {
				break
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", cell(c.name), c.changeLabel(), cell(c.versionLabel()),
				c.relationLabel(), c.advisoryCell(), cell(c.licenseLabel()))
			rows++
		}
		b.WriteString("\n")
	}
	if rows < changed {
		fmt.Fprintf(b, "…and %d more not listed here; the findings below cover every change, and `gatehouse scan --format json` lists them all.\n\n", changed-rows)
	}
}
