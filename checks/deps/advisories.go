package deps

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
)

// advisory is one vulnerability as reported: OSV records that alias each
// other (GHSA, GO-, PYSEC-, CVE) are merged into one.
type advisory struct {
	ids       []string // primary first
	summary   string
	level     osv.Level
	score     float64
	fixed     string
	malicious bool
}

func (a *advisory) primary() string { return a.ids[0] }

func (a *advisory) link() string { return "https://osv.dev/vulnerability/" + a.primary() }

var actionVersion = regexp.MustCompile(`^v?[0-9]+\.[0-9]+\.[0-9]+$`)

// queryable: a registry version the advisory databases can know. Ranges,
// commits and local paths are not versions an advisory names.
func queryable(p *manifest.Package) bool {
	if p == nil || p.Range || p.Version == "" {
		return false
	}
	if p.Source != manifest.Registry && p.Source != manifest.Replace {
		return false
	}
	if p.Ecosystem == manifest.Actions {
		return actionVersion.MatchString(p.Version)
	}
	return true
}

// matchAdvisories asks the advisory source about every package version the
// pull request introduces (each distinct version once), then drops the
// advisories that already affect the version it replaces.
func (ev *evaluation) matchAdvisories(ctx context.Context) {
	type qkey struct{ eco, name, ver string }
	index := make(map[qkey]int)
	var qs []osv.Query
	var asks []*change
	for _, u := range ev.units {
		for _, c := range u.changes {
			if !c.isNewAtHead() || !queryable(c.to) {
				continue
			}
			if c.from != nil && c.from.Version == c.to.Version && c.from.VulnName() == c.to.VulnName() {
				continue // the same version existed at base: nothing new to learn
			}
			k := qkey{c.to.Ecosystem, c.to.VulnName(), c.to.Version}
			if _, ok := index[k]; !ok {
				index[k] = len(qs)
				qs = append(qs, osv.Query{Ecosystem: k.eco, Name: k.name, Version: k.ver})
			}
			asks = append(asks, c)
		}
	}
	if len(qs) == 0 {
		return
	}
	if ev.check.advisories == nil {
		ev.notes = append(ev.notes, fmt.Sprintf("Known vulnerabilities were NOT checked for %d new package version(s): advisory lookups are off (offline scan). The App checks them on the pull request.", len(qs)))
		return
	}
	res, err := ev.check.advisories.Query(ctx, qs)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Int("queries", len(qs)).Msg("advisory lookup failed")
		ev.advisoryErr = err
		return
	}
	for _, c := range asks {
		k := qkey{c.to.Ecosystem, c.to.VulnName(), c.to.Version}
		var introduced []*osv.Vuln
		for _, v := range res[index[k]] {
			if v == nil {
				continue
			}
			if c.from != nil && queryable(c.from) {
				if hit, _ := osv.Match(v, c.from.Ecosystem, c.from.VulnName(), c.from.Version); hit {
					c.preexisting = append(c.preexisting, v.ID)
					continue
				}
			}
			introduced = append(introduced, v)
		}
		c.advisories = mergeAliases(introduced, c.to)
	}
}

// mergeAliases groups records that name each other and rates each group by
// its highest severity.
func mergeAliases(vs []*osv.Vuln, p *manifest.Package) []*advisory {
	parent := make([]int, len(vs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	owner := make(map[string]int)
	for i, v := range vs {
		for _, id := range v.IDs() {
			if j, ok := owner[id]; ok {
				parent[find(i)] = find(j)
			} else {
				owner[id] = i
			}
		}
	}
	groups := make(map[int][]*osv.Vuln)
	var roots []int
	for i, v := range vs {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], v)
	}
	var out []*advisory
	for _, r := range roots {
		out = append(out, buildAdvisory(groups[r], p))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].malicious != out[j].malicious {
			return out[i].malicious
		}
		if out[i].level != out[j].level {
			return out[i].level > out[j].level
		}
		return out[i].primary() < out[j].primary()
	})
	return out
}

func buildAdvisory(group []*osv.Vuln, p *manifest.Package) *advisory {
	a := &advisory{}
	seen := make(map[string]bool)
	var ids []string
	for _, v := range group {
		for _, id := range v.IDs() {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if l, s := osv.Rate(v); l > a.level || (l == a.level && s > a.score) {
			a.level, a.score = l, s
		}
		if v.Malicious() {
			a.malicious = true
		}
		if a.summary == "" {
			a.summary = v.Summary
		}
		if a.fixed == "" {
			_, a.fixed = osv.Match(v, p.Ecosystem, p.VulnName(), p.Version)
		}
	}
	// Lead with the id people look up: MAL for malware, then GHSA, then the database's own.
	rank := func(id string) int {
		switch {
		case strings.HasPrefix(id, "MAL-"):
			return 0
		case strings.HasPrefix(id, "GHSA-"):
			return 1
		case strings.HasPrefix(id, "CVE-"):
			return 3
		}
		return 2
	}
	sort.SliceStable(ids, func(i, j int) bool { return rank(ids[i]) < rank(ids[j]) })
	a.ids = ids
	return a
}

// severityLabel renders "high (7.4)" or "unknown".
func (a *advisory) severityLabel() string {
	if a.malicious {
		return "malware"
	}
	if a.score > 0 {
		return fmt.Sprintf("%s (%.1f)", a.level, a.score)
	}
	return a.level.String()
}
