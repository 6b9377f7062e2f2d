// Package deps is the dependency diff engine behind the gatehouse/dependencies
// check run: it parses every manifest and lockfile a pull request touches at
// the base and head commits, diffs them, and judges what the pull request
// introduces (advisories, licences, denied packages, risky sources, unpinned
// Actions, likely typosquats) against the policy. It is a pure function of the
// change set and the policy, plus the advisory and licence databases.
package deps

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/depsdev"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Name is the check's name, published as gatehouse/dependencies.
const Name = "dependencies"

// Default service addresses.
const (
	DefaultOSVURL     = "https://api.osv.dev"
	DefaultDepsDevURL = "https://api.deps.dev"
)

// Options configures the check.
type Options struct {
	// OSVURL is the OSV API base (default https://api.osv.dev). Ignored when
	// OSVDir is set.
	OSVURL string
	// OSVDir, when set, is a directory of OSV JSON records and/or OSV's
	// per-ecosystem all.zip exports that replaces the API (air-gapped installs).
	OSVDir string
	// DepsDevURL is the deps.dev API base used for licences the lockfile does
	// not record (default https://api.deps.dev); "off" disables the lookups,
	// leaving such licences unknown.
	DepsDevURL string
	// HTTPClient is used for both services (default: 30 s timeout).
	HTTPClient *http.Client
	// Now is the clock for allow-list expiry (default time.Now).
	Now func() time.Time
	// MaxLicenseLookups bounds deps.dev calls per evaluation (default 300);
	// beyond it licences are reported unknown with a note.
	MaxLicenseLookups int
}

// Check is the dependency check; safe for concurrent use, its caches shared
// across evaluations.
type Check struct {
	advisories  osv.Advisories
	licenses    *depsdev.Client
	now         func() time.Time
	maxLookups  int
	sourceLabel string
}

// New returns the dependency check.
func New(opts Options) *Check {
	c := &Check{now: opts.Now, maxLookups: opts.MaxLicenseLookups}
	if c.now == nil {
		c.now = time.Now
	}
	if c.maxLookups <= 0 {
		c.maxLookups = 300
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	switch {
	case opts.OSVDir == "" && strings.EqualFold(opts.OSVURL, "off"):
		// Offline local scans: advisories are skipped, and the report says so.
		c.sourceLabel = "no advisory database (offline)"
	case opts.OSVDir != "":
		c.advisories, c.sourceLabel = osv.NewDir(opts.OSVDir), "the local advisory database"
	default:
		u := opts.OSVURL
		if u == "" {
			u = DefaultOSVURL
		}
		c.advisories, c.sourceLabel = osv.NewAPI(u, client), "the OSV API"
	}
	du := opts.DepsDevURL
	if du == "" {
		du = DefaultDepsDevURL
	}
	if !strings.EqualFold(du, "off") {
		c.licenses = depsdev.New(du, client)
	}
	return c
}

// Name implements checks.Check.
func (c *Check) Name() string { return Name }

// Run implements checks.Check. It returns an error only when it could not
// read the change set; an unreachable advisory database is a failure result.
func (c *Check) Run(ctx context.Context, cs *checks.ChangeSet, p *config.Policy) (*checks.Result, error) {
	if p == nil {
		p = config.Default()
	}
	pol := p.Dependencies
	if !pol.Enabled {
		return checks.Disabled(Name), nil
	}
	targets := selectFiles(cs.Files, pol)
	if len(targets) == 0 {
		return &checks.Result{Check: Name, Conclusion: checks.Success, Title: "No dependency changes",
			Summary: "This pull request changes no dependency manifest or lockfile."}, nil
	}
	if cs.Source == nil {
		return nil, fmt.Errorf("dependency check: the change set has no source to read manifests from")
	}
	units, err := loadUnits(ctx, cs, targets)
	if err != nil {
		return nil, err
	}
	ev := &evaluation{check: c, policy: pol, now: c.now(), units: units}
	for _, u := range units {
		u.diff()
	}
	ev.findParseErrors()
	ev.matchAdvisories(ctx)
	ev.resolveLicenses(ctx)
	ev.applyPolicy()
	res := ev.result()
	res.Unfinished = unfinished(res)
	return res, nil
}
