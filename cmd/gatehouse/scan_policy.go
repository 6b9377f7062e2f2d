package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/local"
)

// scanPolicy is the policy that governs a scan and where it came from.
type scanPolicy struct {
	policy *config.Policy
	source string
	// ref is the commit the policy was read at ("" for --config or defaults
	// with no base); fromHead is true when that is the change's own head,
	// because the range has no base to read it from.
	ref      string
	fromHead bool
	// missing is true when the defaults apply because no file was found.
	missing bool
}

// loadScanPolicy applies the App's rule: the policy is .security.yml on the
// base branch, never the change's own version. A range that starts at the
// root of history has no base: its head's policy governs. --config replaces
// the lookup. An unreadable or invalid policy is an input error (exit 2).
func loadScanPolicy(ctx context.Context, repo *local.Repo, rg *local.Range, file string) (*scanPolicy, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("cannot read the policy: %w", err)
		}
		p, err := config.Parse(file, b)
		if err != nil {
			return nil, err
		}
		return &scanPolicy{policy: p, source: file + " (--config)"}, nil
	}
	sp, where, err := scanPolicyRef(ctx, repo, rg)
	if err != nil {
		return nil, err
	}
	b, found, err := repo.FileAt(ctx, sp.ref, config.FileName)
	if err != nil {
		return nil, fmt.Errorf("cannot read the policy: %w", err)
	}
	if !found {
		sp.policy, sp.missing = config.Default(), true
		sp.source = "built-in defaults: no " + where
		sp.policy.Source = sp.source
		return sp, nil
	}
	p, err := config.Parse(where, b)
	if err != nil {
		return nil, err
	}
	sp.policy, sp.source = p, where
	return sp, nil
}

// scanPolicyRef finds the commit the policy is read at, and names it. A
// range from the root of history (--all, or no default branch) has no base of
// its own: the default branch's policy governs it, as it governs every pull
// request; only with no default branch at all does the head's.
func scanPolicyRef(ctx context.Context, repo *local.Repo, rg *local.Range) (sp *scanPolicy, where string, err error) {
	if rg.BaseTip != "" {
		return &scanPolicy{ref: rg.BaseTip}, config.FileName + " at " + rg.BaseRef + " (" + checks.ShortSHA(rg.BaseTip) + ")", nil
	}
	if rg.Staged {
		return &scanPolicy{ref: rg.HeadSHA, fromHead: true}, config.FileName + " as staged (the repository has no commit yet)", nil
	}
	if name, ok := repo.DefaultBranch(ctx); ok {
		tip, err := repo.Resolve(ctx, name)
		if err != nil {
			return nil, "", fmt.Errorf("cannot read the policy: %w", err)
		}
		return &scanPolicy{ref: tip}, config.FileName + " at " + name + " (" + checks.ShortSHA(tip) + "; --all reads the default branch's)", nil
	}
	return &scanPolicy{ref: rg.HeadSHA, fromHead: true},
		config.FileName + " at " + rg.HeadRef + " (" + checks.ShortSHA(rg.HeadSHA) + "; no default branch to read it from)", nil
}

// scanChange is what the scan judges: the change set under its policy. The
// change's own edit of .security.yml is validated as the App does, except
// when that very file governs the scan.
func scanChange(cs *checks.ChangeSet, pol *scanPolicy) evaluation.Change {
	c := evaluation.Change{Set: cs, Policy: pol.policy, PolicySource: pol.source, PolicyFromHead: pol.fromHead}
	if cs.HeadSHA == local.Staged {
		c.HeadLabel = "staged"
	}
	return c
}

// policyProblems lists, for the report, what is wrong with the change's own
// edit of the policy file, which label names.
func policyProblems(pc *gate.PolicyChange, label string) []config.Problem {
	if pc == nil || pc.Err == nil {
		return nil
	}
	var inv *config.InvalidError
	if errors.As(pc.Err, &inv) {
		return inv.Problems
	}
	return []config.Problem{{File: label, Msg: pc.Err.Error()}}
}
