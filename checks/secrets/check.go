package secrets

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/rs/zerolog"
)

// Name is the check's name; its run is published as gatehouse/secrets.
const Name = "secrets"

// Defaults of the options.
const (
	// DefaultMaxBlobSize caps a file fetched and scanned whole because GitHub
	// omitted its patch.
	DefaultMaxBlobSize = 10 << 20
	// DefaultFetchers bounds concurrent commit-diff reads.
	DefaultFetchers = 4
)

// Check is the secrets engine. It is safe for concurrent use, and meant to be
// built once per process: it holds the compiled rules and a cache of
// per-policy detectors.
type Check struct {
	engines     *engines
	maxBlobSize int
	workers     int
	fetchers    int
}

var _ checks.Check = (*Check)(nil)

// Option configures a Check.
type Option func(*Check)

// WithMaxBlobSize sets the largest file scanned whole when its patch is
// missing; larger ones are listed on the summary as not scanned.
func WithMaxBlobSize(n int) Option { return func(c *Check) { c.maxBlobSize = n } }

// WithWorkers sets how many fragments are scanned at once (default: GOMAXPROCS).
func WithWorkers(n int) Option { return func(c *Check) { c.workers = n } }

// WithFetchers sets how many commit diffs are read at once (default 4).
func WithFetchers(n int) Option { return func(c *Check) { c.fetchers = n } }

// New builds the engine. gitleaks' default rules are loaded once per process,
// whatever the number of Checks.
func New(opts ...Option) (*Check, error) {
	e, err := newEngines()
	if err != nil {
		return nil, err
	}
	c := &Check{engines: e, maxBlobSize: DefaultMaxBlobSize, workers: runtime.GOMAXPROCS(0), fetchers: DefaultFetchers}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Name returns "secrets".
func (c *Check) Name() string { return Name }

// Run scans the change set as the policy's secrets section says. It returns
// an error only when it could not decide: an invalid rule or glob, a diff or
// file that could not be read, a cancelled context.
func (c *Check) Run(ctx context.Context, cs *checks.ChangeSet, p *config.Policy) (*checks.Result, error) {
	if p == nil {
		p = config.Default()
	}
	if !p.Secrets.Enabled {
		return checks.Disabled(Name), nil
	}
	if cs == nil {
		return nil, fmt.Errorf("no change set to scan")
	}
	eng, err := c.engines.forRules(p.Secrets.Rules)
	if err != nil {
		return nil, fmt.Errorf("invalid secrets.rules: %w", err)
	}
	w, err := newWaivers(p.Secrets.Allow)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	s := newScanner(eng, cs.Source, c.maxBlobSize)
	if err := s.scanChangeSet(ctx, cs, p.Secrets.History, c.workers, c.fetchers); err != nil {
		return nil, err
	}
	// gitleaks stops early, without an error, when the context ends: a
	// partial scan must not pass for a clean one.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("secrets scan interrupted: %w", err)
	}
	secrets := resolve(s.found, p.Secrets.History, s.renames.sorted())
	all := make([]reported, 0, len(secrets))
	blocking, waived := 0, 0
	var needs []checks.ApprovalNeed
	for _, sec := range secrets {
		why, needsApproval := w.reason(sec)
		f := toFinding(sec, cs, why)
		if f.Blocking() {
			blocking++
		} else {
			waived++
		}
		if needsApproval {
			needs = append(needs, inlineWaiverNeed(f, sec))
		}
		all = append(all, reported{Finding: f, src: sec})
	}
	sortReported(all)
	sort.SliceStable(needs, func(i, j int) bool { return needs[i].Subject < needs[j].Subject })
	skipped := s.notScanned()
	res := &checks.Result{
		Check:      Name,
		Conclusion: checks.Success,
		Title:      title(blocking, waived, len(skipped)),
		Summary: summary(all, scanStats{
			history: p.Secrets.History, commits: len(cs.Commits), files: len(cs.Files),
			bytes: s.bytes.Load(), skipped: skipped, maxBlob: c.maxBlobSize,
		}, cs),
		Findings: make([]checks.Finding, len(all)),
		Needs:    needs,
	}
	for i, r := range all {
		res.Findings[i] = r.Finding
	}
	if blocking > 0 {
		res.Conclusion = checks.Failure
		res.Alert = alert(res)
	}
	zerolog.Ctx(ctx).Debug().
		Int("secrets", blocking).Int("waived", waived).Int("not_scanned", len(skipped)).
		Int64("bytes", s.bytes.Load()).Dur("took", time.Since(started)).
		Msg("secrets scan done")
	return res, nil
}
