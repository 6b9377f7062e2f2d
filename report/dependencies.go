package report

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// maxTextChanges bounds the dependency changes the text report lists; the
// JSON report lists them all.
const maxTextChanges = 100

// Dependencies is what the dependency check compared: every dependency the
// change adds, removes or changes, and the ones it could not check.
type Dependencies struct {
	// Files counts the manifests and lockfiles compared.
	Files int `json:"files"`
	// Counts maps each kind of change to how many there are.
	Counts map[string]int `json:"counts"`
	// Changes, by file, then kind of change, then name; never capped.
	Changes []DependencyChange `json:"changes"`
	// Unresolved are dependencies whose version is managed outside the
	// repository (a Maven parent or BOM it does not hold): not checked.
	Unresolved []UnresolvedDependency `json:"unresolved"`
}

// DependencyChange is one dependency added, removed or changed.
type DependencyChange struct {
	Path      string `json:"path"`
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
	// Change is added, removed, upgraded, downgraded, changed (versions that
	// do not order) or source changed (same version, another source).
	Change string `json:"change"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	// FromSource and ToSource name the source kinds when they changed:
	// registry, git, url, path or replace.
	FromSource string `json:"from_source,omitempty"`
	ToSource   string `json:"to_source,omitempty"`
	// Relation is direct, transitive or managed (a version a Maven POM pins
	// for its modules); Scope runtime or development; either is absent when
	// the file does not say.
	Relation string `json:"relation,omitempty"`
	Scope    string `json:"scope,omitempty"`
}

// UnresolvedDependency is a dependency whose version could not be resolved.
type UnresolvedDependency struct {
	Path string `json:"path"`
	Name string `json:"name"`
	Why  string `json:"why"`
}

// buildDependencies copies the dependency check's report, if it ran.
func buildDependencies(outcomes []checks.Outcome) *Dependencies {
	for _, o := range outcomes {
		if o.Result == nil || o.Result.Dependencies == nil {
			continue
		}
		dr := o.Result.Dependencies
		d := &Dependencies{Files: dr.Files, Counts: map[string]int{}, Changes: []DependencyChange{}, Unresolved: []UnresolvedDependency{}}
		for _, c := range dr.Changes {
			d.Counts[c.Change]++
			d.Changes = append(d.Changes, DependencyChange{Path: c.Path, Ecosystem: c.Ecosystem, Name: c.Name, Change: c.Change,
				From: c.From, To: c.To, FromSource: c.FromSource, ToSource: c.ToSource, Relation: c.Relation, Scope: c.Scope})
		}
		for _, u := range dr.Unresolved {
			d.Unresolved = append(d.Unresolved, UnresolvedDependency(u))
		}
		return d
	}
	return nil
}

// writeDependencies lists the changed dependencies by file, grouped by kind
// of change as the check orders them, with direct and dev marks.
func writeDependencies(b *bufio.Writer, p palette, d *Dependencies) {
	if d == nil || (len(d.Changes) == 0 && len(d.Unresolved) == 0) {
		return
	}
	fmt.Fprintf(b, "\n%s %s\n", p.bold("dependencies:"), changeCounts(d))
	path := ""
	for i, c := range d.Changes {
		if i == maxTextChanges {
			fmt.Fprintf(b, "  …and %d more (--format json lists them all)\n", len(d.Changes)-i)
			break
		}
		if c.Path != path {
			path = c.Path
			fmt.Fprintf(b, "  %s (%s)\n", c.Path, c.Ecosystem)
		}
		fmt.Fprintf(b, "    %-14s %s %s%s\n", c.Change, c.Name, changeVersions(c), p.dim(changeMarks(c)))
	}
	if len(d.Unresolved) > 0 {
		fmt.Fprintf(b, "  not checked, versions managed outside this repository: %d\n", len(d.Unresolved))
		for i, u := range d.Unresolved {
			if i == maxTextChanges {
				fmt.Fprintf(b, "    …and %d more\n", len(d.Unresolved)-i)
				break
			}
			fmt.Fprintf(b, "    %s %s (%s)\n", u.Path, u.Name, u.Why)
		}
	}
}

// changeCounts reads "3 changed: 2 added, 1 downgraded".
func changeCounts(d *Dependencies) string {
	var parts []string
	for _, k := range []string{"added", "removed", "upgraded", "downgraded", "changed", "source changed"} {
		if n := d.Counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	s := fmt.Sprintf("%d changed", len(d.Changes))
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

func changeVersions(c DependencyChange) string {
	v := c.To
	switch {
	case c.To == "":
		v = c.From
	case c.From != "" && c.From != c.To:
		v = c.From + " → " + c.To
	}
	if c.FromSource != "" && c.FromSource != c.ToSource {
		v += fmt.Sprintf(" (source %s → %s)", c.FromSource, c.ToSource)
	}
	return v
}

func changeMarks(c DependencyChange) string {
	var m []string
	if c.Relation == "direct" {
		m = append(m, "direct")
	}
	if c.Scope == "development" {
		m = append(m, "dev")
	}
	if len(m) == 0 {
		return ""
	}
	return "  " + strings.Join(m, ", ")
}
