package dlp

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Name is the check's name in results and check-run names.
const Name = "dlp"

// Check is the DLP path check.
type Check struct{}

// New returns the DLP check.
func New() *Check { return &Check{} }

// Name implements checks.Check.
func (*Check) Name() string { return Name }

// Run implements checks.Check.
func (c *Check) Run(ctx context.Context, cs *checks.ChangeSet, p *config.Policy) (*checks.Result, error) {
	if !p.DLP.Enabled {
		return checks.Disabled(Name), nil
	}
	history, err := commitPaths(ctx, cs)
	if err != nil {
		return nil, err
	}
	var findings []checks.Finding
	f, err := forbiddenFindings(ctx, cs, p, history)
	if err != nil {
		return nil, err
	}
	findings = append(findings, f...)
	f, err = sizeFindings(ctx, cs, p)
	if err != nil {
		return nil, err
	}
	findings = append(findings, f...)
	needs := sensitiveNeeds(cs, p, history)
	checks.SortFindings(findings)
	return report(findings, needs), nil
}

// commitPaths maps each path touched by a commit of the pull request to the
// commits that touched it, oldest first. It lets the check see a forbidden file
// that an earlier commit added and a later one removed (it stays in history),
// and tells when a sensitive path was last changed (for stale approvals).
func commitPaths(ctx context.Context, cs *checks.ChangeSet) (map[string][]touch, error) {
	out := map[string][]touch{}
	if len(cs.Commits) == 0 {
		return out, nil
	}
	if cs.Source == nil {
		return nil, errors.New("the change set has no source to list the commits' files from")
	}
	list := cs.Source.CommitFiles
	if ps, ok := cs.Source.(checks.CommitPathSource); ok {
		list = ps.CommitPaths
	}
	for _, c := range cs.Commits {
		files, err := list(ctx, c.SHA)
		if err != nil {
			return nil, fmt.Errorf("failed to list the files of commit %s: %w", checks.ShortSHA(c.SHA), err)
		}
		for _, f := range files {
			out[f.Path] = append(out[f.Path], touch{sha: c.SHA, present: !f.Removed()})
			if f.PreviousPath != "" && f.PreviousPath != f.Path {
				out[f.PreviousPath] = append(out[f.PreviousPath], touch{sha: c.SHA})
			}
		}
	}
	return out, nil
}

// touch is one commit's change to a path; present is false when the commit
// removed the path (or renamed it away).
type touch struct {
	sha     string
	present bool
}

func shas(ts []touch) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.sha
	}
	return out
}

func sensitiveNeeds(cs *checks.ChangeSet, p *config.Policy, history map[string][]touch) []checks.ApprovalNeed {
	touched := map[string]bool{}
	for _, f := range cs.Files {
		touched[f.Path] = true
		if f.PreviousPath != "" {
			touched[f.PreviousPath] = true
		}
	}
	var needs []checks.ApprovalNeed
	seen := map[string]bool{}
	for _, area := range sensitiveAreas(p) {
		for path := range touched {
			if seen[path] || !matchesAny(area.Paths, path) {
				continue
			}
			seen[path] = true
			needs = append(needs, checks.ApprovalNeed{Kind: "sensitive-path", Subject: path, Reason: area.Reason, Commits: shas(history[path])})
		}
	}
	sort.Slice(needs, func(i, j int) bool { return needs[i].Subject < needs[j].Subject })
	return needs
}

func report(findings []checks.Finding, needs []checks.ApprovalNeed) *checks.Result {
	r := &checks.Result{Check: Name, Findings: findings, Needs: needs, Conclusion: checks.Success}
	r.Alert = alert(r)
	blocking := 0
	for _, f := range findings {
		if f.Blocking() {
			blocking++
		}
	}
	var b strings.Builder
	switch {
	case blocking > 0:
		r.Conclusion = checks.Failure
		r.Title = plural(blocking, "file breaks", "files break") + " the DLP policy"
	case len(needs) > 0:
		r.Title = plural(len(needs), "sensitive path", "sensitive paths") + " touched: InfoSec approval needed"
	default:
		r.Title = "No DLP issues"
	}
	if len(findings) > 0 {
		b.WriteString("| file | problem | level |\n|---|---|---|\n")
		for _, f := range findings {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.Path, f.Title, f.Level)
		}
		b.WriteString("\nForbidden files must be removed **from history**, not only from the branch: rewrite the branch (e.g. `git rebase -i`) and rotate whatever the file held.\n")
	}
	if len(needs) > 0 {
		b.WriteString("\n**Sensitive paths touched** (InfoSec approval needed):\n\n")
		for _, n := range needs {
			fmt.Fprintf(&b, "- `%s`: %s\n", n.Subject, n.Reason)
		}
	}
	if b.Len() == 0 {
		b.WriteString("No forbidden, oversized or binary files, and no sensitive paths touched.\n")
	}
	r.Summary = b.String()
	return r
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
