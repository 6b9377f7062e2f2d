package evaluation

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Change is what one evaluation judges: a change set under the policy that
// governs it.
type Change struct {
	Set    *checks.ChangeSet
	Policy *config.Policy
	// PolicySource says where the policy came from, for the gate's summary.
	PolicySource string
	// PolicyFromHead is true when the policy was read at the change's own
	// head (a range with no base to read it from): its edit governs and is
	// not validated a second time.
	PolicyFromHead bool
	// HeadLabel names the head in errors about the edited policy; default
	// "head <short SHA>".
	HeadLabel string
}

// Assess validates the change's own edit of the policy file, runs the checks
// and returns the gate's input: everything gate.Decide needs but the InfoSec
// approvals and the override, which only the App knows. It fails only when
// the edited policy cannot be read or ctx ends; a check's own failure is in
// its outcome.
func Assess(ctx context.Context, c Change, engines []checks.Check) (gate.Input, error) {
	in := gate.Input{
		PolicySource: c.PolicySource, Contact: c.Policy.InfoSec.Contact, Limits: c.Set.Limits,
		Approvals: gate.Approvals{Required: c.Policy.InfoSec.RequiredApprovals},
	}
	if !c.PolicyFromHead {
		var err error
		if in.PolicyChange, err = PolicyChange(ctx, c.Set, c.PolicyLabel()); err != nil {
			return in, err
		}
	}
	in.Outcomes = checks.RunAll(ctx, c.Set, c.Policy, engines)
	for _, o := range in.Outcomes {
		var pe *checks.PanicError
		if errors.As(o.Err, &pe) {
			zerolog.Ctx(ctx).Error().Str("check", pe.Check).Str("stack", string(pe.Stack)).Msg("check panicked")
		}
	}
	return in, ctx.Err()
}

// PolicyLabel names the change's own version of the policy file in errors:
// ".security.yml (head abc1234)".
func (c Change) PolicyLabel() string {
	head := c.HeadLabel
	if head == "" {
		head = "head " + checks.ShortSHA(c.Set.HeadSHA)
	}
	return config.FileName + " (" + head + ")"
}

// PolicyChange validates the change's own edit of the policy file, if any:
// an invalid new policy fails the gate, since merging it would break the
// policy for every later change. label names that version in its errors.
func PolicyChange(ctx context.Context, cs *checks.ChangeSet, label string) (*gate.PolicyChange, error) {
	for _, f := range cs.Files {
		if f.Path != config.FileName && f.PreviousPath != config.FileName {
			continue
		}
		pc := &gate.PolicyChange{Path: config.FileName}
		if f.Removed() || f.Path != config.FileName {
			pc.Removed = true
			return pc, nil
		}
		b, found, err := cs.Source.FileAt(ctx, cs.HeadSHA, config.FileName)
		if err != nil {
			return nil, fmt.Errorf("cannot read the changed policy: %w", err)
		}
		if !found {
			return nil, errors.New("the change edits " + config.FileName + " but it cannot be read at its head")
		}
		if _, err := config.Parse(label, b); err != nil {
			pc.Err = err
		}
		return pc, nil
	}
	return nil, nil
}
