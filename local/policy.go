package local

import (
	"context"
	"fmt"
	"os"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Policy is the policy that governs a local scan and where it came from.
type Policy struct {
	Policy *config.Policy
	// Source names the policy for the report: the file and the commit it
	// was read at, or why the defaults apply.
	Source string
	// Ref is the commit the policy was read at ("" for a --config file).
	Ref string
	// FromHead is true when Ref is the change's own head, because the range
	// has no base and the repository no default branch to read it from.
	FromHead bool
	// Missing is true when the defaults apply because no file was found.
	Missing bool
}

// LoadPolicy applies the App's rule: the policy is .security.yml on the
// base branch, never the change's own version. A range that starts at the
// root of history has no base: the default branch's policy governs it, and
// only with no default branch the head's. file (--config) replaces the
// lookup. An unreadable or invalid policy is an error.
func LoadPolicy(ctx context.Context, r *Repo, rg *Range, file string) (*Policy, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("cannot read the policy: %w", err)
		}
		p, err := config.Parse(file, b)
		if err != nil {
			return nil, err
		}
		return &Policy{Policy: p, Source: file + " (--config)"}, nil
	}
	pol, where, err := policyRef(ctx, r, rg)
	if err != nil {
		return nil, err
	}
	b, found, err := r.FileAt(ctx, pol.Ref, config.FileName)
	if err != nil {
		return nil, fmt.Errorf("cannot read the policy: %w", err)
	}
	if !found {
		pol.Policy, pol.Missing = config.Default(), true
		pol.Source = "built-in defaults: no " + where
		pol.Policy.Source = pol.Source
		return pol, nil
	}
	p, err := config.Parse(where, b)
	if err != nil {
		return nil, err
	}
	pol.Policy, pol.Source = p, where
	return pol, nil
}

// policyRef finds the commit the policy is read at, and names it. A range
// from the root of history (--all, or no default branch) has no base of its
// own: the default branch's policy governs it, as it governs every pull
// request; only with no default branch at all does the head's.
func policyRef(ctx context.Context, r *Repo, rg *Range) (pol *Policy, where string, err error) {
	if rg.BaseTip != "" {
		return &Policy{Ref: rg.BaseTip}, config.FileName + " at " + rg.BaseRef + " (" + checks.ShortSHA(rg.BaseTip) + ")", nil
	}
	if rg.Staged {
		return &Policy{Ref: rg.HeadSHA, FromHead: true}, config.FileName + " as staged (the repository has no commit yet)", nil
	}
	if name, ok := r.DefaultBranch(ctx); ok {
		tip, err := r.Resolve(ctx, name)
		if err != nil {
			return nil, "", fmt.Errorf("cannot read the policy: %w", err)
		}
		return &Policy{Ref: tip}, config.FileName + " at " + name + " (" + checks.ShortSHA(tip) + "; --all reads the default branch's)", nil
	}
	return &Policy{Ref: rg.HeadSHA, FromHead: true},
		config.FileName + " at " + rg.HeadRef + " (" + checks.ShortSHA(rg.HeadSHA) + "; no default branch to read it from)", nil
}
