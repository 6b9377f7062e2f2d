package local

import (
	"context"
	"errors"
)

// RangeOptions says what to scan.
type RangeOptions struct {
	// Base is the branch or commit the change would merge into; empty means
	// the default branch (see Repo.DefaultBranch).
	Base string
	// Head is the tip of the change; empty means HEAD.
	Head string
	// Staged scans the index against HEAD instead of a range of commits.
	Staged bool
	// All scans every commit reachable from Head, from the root of history.
	All bool
}

// Range is a resolved scan range. Like a pull request it compares Head with
// the merge base of Base and Head (three-dot), lists the commits in
// MergeBase..Head, and takes its policy from the tip of Base.
type Range struct {
	// BaseRef names the base as given or found ("origin/main"); empty when
	// the range starts at the root of history.
	BaseRef string
	// BaseTip is the commit BaseRef points to, where the governing policy is
	// read; empty when there is no base.
	BaseTip string
	// MergeBase is the commit the diff starts from; empty at the root of history.
	MergeBase string
	// HeadRef names the head as given ("HEAD", a branch) or Staged.
	HeadRef string
	// HeadSHA is the head commit, or Staged.
	HeadSHA string
	// Staged is true for a scan of the index.
	Staged bool
	// Why explains a base that was not what the user might expect (no
	// default branch found, unrelated histories); empty otherwise.
	Why string
}

// ErrOptions reports contradictory range options.
var ErrOptions = errors.New("--staged compares the index with HEAD and cannot be combined with --base, --head or --all")

// ResolveRange turns options into commits. Revisions that do not name a
// commit are *RefError.
func (r *Repo) ResolveRange(ctx context.Context, o RangeOptions) (*Range, error) {
	if o.Staged {
		if o.Base != "" || o.Head != "" || o.All {
			return nil, ErrOptions
		}
		rg := &Range{HeadRef: Staged, HeadSHA: Staged, Staged: true}
		if r.hasHead(ctx) {
			head, err := r.Resolve(ctx, "HEAD")
			if err != nil {
				return nil, err
			}
			rg.BaseRef, rg.BaseTip, rg.MergeBase = "HEAD", head, head
		} else {
			rg.Why = "the repository has no commit yet: every staged file is new"
		}
		return rg, nil
	}
	if o.All && o.Base != "" {
		return nil, errors.New("--all scans from the root of history and cannot be combined with --base")
	}
	rg := &Range{HeadRef: o.Head}
	if rg.HeadRef == "" {
		rg.HeadRef = "HEAD"
	}
	if rg.HeadRef == "HEAD" && !r.hasHead(ctx) {
		return nil, &RefError{Ref: "HEAD", Reason: "the repository has no commit yet (use --staged to scan what is staged)"}
	}
	head, err := r.Resolve(ctx, rg.HeadRef)
	if err != nil {
		return nil, err
	}
	rg.HeadSHA = head
	if o.All {
		rg.Why = "--all: every commit reachable from " + rg.HeadRef
		return rg, nil
	}
	base := o.Base
	if base == "" {
		name, ok := r.DefaultBranch(ctx)
		if !ok {
			rg.Why = "no default branch (origin/HEAD, main or master) to compare with: scanning from the root of history"
			return rg, nil
		}
		base = name
	}
	tip, err := r.Resolve(ctx, base)
	if err != nil {
		return nil, err
	}
	rg.BaseRef, rg.BaseTip = base, tip
	mb, ok, err := r.MergeBase(ctx, tip, head)
	if err != nil {
		return nil, err
	}
	if !ok {
		rg.Why = base + " and " + rg.HeadRef + " share no history: scanning from the root of history"
		return rg, nil
	}
	rg.MergeBase = mb
	return rg, nil
}
