package deps

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/github/go-spdx/v2/spdxexp"
	"golang.org/x/sync/errgroup"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/depsdev"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
)

// resolveLicenses fills in the licence of every package version the pull
// request introduces: from the lockfile when it records one, otherwise from
// deps.dev. A failed lookup leaves the licence unknown with a note; it never
// fails the check by itself.
func (ev *evaluation) resolveLicenses(ctx context.Context) {
	type key struct{ eco, name, ver string }
	wanted := make(map[key][]*change)
	var order []key
	for _, u := range ev.units {
		for _, c := range u.changes {
			if !c.isNewAtHead() || c.to.Range || c.to.Ecosystem == manifest.Actions {
				continue
			}
			if c.to.License != "" {
				c.license = c.to.License
				continue
			}
			if c.to.Source != manifest.Registry {
				c.licenseNote = "not from a registry"
				continue
			}
			k := key{c.to.Ecosystem, c.to.Name, c.to.Version}
			if _, ok := wanted[k]; !ok {
				order = append(order, k)
			}
			wanted[k] = append(wanted[k], c)
		}
	}
	if len(order) == 0 {
		return
	}
	if ev.check.licenses == nil {
		for _, cs := range wanted {
			for _, c := range cs {
				c.licenseNote = "licence lookups are disabled"
			}
		}
		return
	}
	if len(order) > ev.check.maxLookups {
		for _, k := range order[ev.check.maxLookups:] {
			for _, c := range wanted[k] {
				c.licenseNote = "not looked up (too many new packages)"
			}
		}
		ev.notes = append(ev.notes, "Licences of only the first "+itoa(ev.check.maxLookups)+
			" new package versions were looked up on deps.dev; the others are reported unknown.")
		order = order[:ev.check.maxLookups]
	}
	var mu sync.Mutex
	unreachable := false
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, k := range order {
		g.Go(func() error {
			lic, err := ev.check.licenses.Licenses(gctx, k.eco, k.name, k.ver)
			note := ""
			switch {
			case errors.Is(err, depsdev.ErrUnsupported):
				note = "deps.dev does not index this ecosystem"
			case errors.Is(err, depsdev.ErrNotFound):
				note = "unknown to deps.dev"
			case err != nil:
				note = noteDepsDevDown
				mu.Lock()
				unreachable = true
				mu.Unlock()
			}
			expr := joinLicenses(lic)
			mu.Lock()
			for _, c := range wanted[k] {
				c.license, c.licenseNote = expr, note
			}
			mu.Unlock()
			return nil
		})
	}
	_ = g.Wait()
	if unreachable {
		ev.notes = append(ev.notes, "deps.dev could not be reached for some licences; they are reported unknown.")
	}
}

// joinLicenses combines deps.dev's licence list: a package under several
// licences at once must satisfy them all.
func joinLicenses(ls []string) string {
	var parts []string
	for _, l := range ls {
		l = strings.TrimSpace(l)
		if l == "" || strings.EqualFold(l, "non-standard") || strings.EqualFold(l, "NOASSERTION") {
			continue
		}
		if len(ls) > 1 && strings.ContainsAny(l, " ") {
			l = "(" + l + ")"
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, " AND ")
}

// licenseVerdict judges an SPDX expression: "" (fine), "unknown", "denied" or "not-allowed".
func licenseVerdict(expr string, allow, deny []string) string {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return "unknown"
	}
	ids, err := spdxexp.ExtractLicenses(expr)
	if err != nil || len(ids) == 0 {
		return "unknown"
	}
	if len(deny) > 0 {
		var keep []string
		for _, id := range ids {
			if !containsFold(deny, id) {
				keep = append(keep, id)
			}
		}
		if len(keep) == 0 {
			return "denied"
		}
		if ok, err := spdxexp.Satisfies(expr, keep); err != nil || !ok {
			return "denied"
		}
	}
	if len(allow) > 0 {
		ok, err := spdxexp.Satisfies(expr, allow)
		if err != nil {
			return "unknown"
		}
		if !ok {
			return "not-allowed"
		}
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}
