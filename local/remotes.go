package local

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
)

// remoteIndex answers RemoteBranchContaining for many commits with a few git
// processes rather than one `git for-each-ref --contains` each: a scan of a
// long history asks for every commit that introduced a secret, and each of
// those processes walks the history again (90 of them cost 1.1 s of CPU on
// gitleaks/gitleaks, a third of what gitleaks takes for its whole scan).
type remoteIndex struct {
	mu     sync.Mutex
	loaded bool
	// branches are the remote-tracking branches in for-each-ref's order
	// (by name), without the */HEAD pointers to another of them.
	branches []string
	// pushed holds every commit some remote-tracking branch has.
	pushed map[string]struct{}
	// first maps a commit to the index in branches of the first branch that
	// holds it, for the branches before next.
	first map[string]int
	next  int
}

// RemoteBranchContaining returns a remote-tracking branch ("origin/main")
// whose history holds the commit sha: as far as this clone knows, the commit
// was pushed. ok is false when no remote-tracking branch holds it, so the
// commit has not left the machine through a push that this clone saw. The
// branch is the first by name, as `git for-each-ref --contains` lists them.
func (r *Repo) RemoteBranchContaining(ctx context.Context, sha string) (branch string, ok bool, err error) {
	if !isObjectID(sha) {
		return "", false, fmt.Errorf("not a commit id: %q", sha)
	}
	x := &r.remotes
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := r.loadRemotes(ctx); err != nil {
		return "", false, fmt.Errorf("failed to list the remote-tracking branches holding %s: %w", shortSHA(sha), err)
	}
	if _, ok := x.pushed[sha]; !ok {
		return "", false, nil
	}
	for {
		if i, ok := x.first[sha]; ok {
			return strings.TrimPrefix(x.branches[i], "refs/remotes/"), true, nil
		}
		if x.next == len(x.branches) {
			return "", false, nil
		}
		if err := r.loadBranch(ctx); err != nil {
			return "", false, fmt.Errorf("failed to list the remote-tracking branches holding %s: %w", shortSHA(sha), err)
		}
	}
}

// RemoteBranches maps each of the commits that a remote-tracking branch
// holds to one such branch, as RemoteBranchContaining names it; commits no
// remote-tracking branch holds are left out.
func (r *Repo) RemoteBranches(ctx context.Context, shas []string) (map[string]string, error) {
	pushed := map[string]string{}
	for _, sha := range shas {
		branch, ok, err := r.RemoteBranchContaining(ctx, sha)
		if err != nil {
			return nil, err
		}
		if ok {
			pushed[sha] = branch
		}
	}
	return pushed, nil
}

// loadRemotes lists the remote-tracking branches and the commits they hold,
// once. Called with r.remotes.mu held.
func (r *Repo) loadRemotes(ctx context.Context) error {
	x := &r.remotes
	if x.loaded {
		return nil
	}
	out, err := r.run(ctx, "for-each-ref", "--format=%(refname)", "refs/remotes/")
	if err != nil {
		return err
	}
	for _, ref := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// refs/remotes/origin/HEAD only points at another remote branch.
		if ref != "" && !strings.HasSuffix(ref, "/HEAD") {
			x.branches = append(x.branches, ref)
		}
	}
	x.pushed, x.first = map[string]struct{}{}, map[string]int{}
	if len(x.branches) > 0 {
		if err := r.revList(ctx, x.branches, func(sha string) { x.pushed[sha] = struct{}{} }); err != nil {
			return err
		}
	}
	x.loaded = true
	return nil
}

// loadBranch maps the commits of the next branch that no earlier branch
// holds to it. Called with r.remotes.mu held.
func (r *Repo) loadBranch(ctx context.Context) error {
	x := &r.remotes
	revs := []string{x.branches[x.next]}
	for _, earlier := range x.branches[:x.next] {
		revs = append(revs, "^"+earlier)
	}
	i := x.next
	if err := r.revList(ctx, revs, func(sha string) { x.first[sha] = i }); err != nil {
		return err
	}
	x.next++
	return nil
}

// revList calls each with the commits `git rev-list` lists for revs, given
// on its standard input (so that no count of branches is too long for a
// command line).
func (r *Repo) revList(ctx context.Context, revs []string, each func(sha string)) error {
	out, err := r.runInput(ctx, []byte(strings.Join(revs, "\n")+"\n"), "rev-list", "--stdin")
	if err != nil {
		return err
	}
	for line := range bytes.Lines(out) {
		if sha := string(bytes.TrimSpace(line)); sha != "" {
			each(sha)
		}
	}
	return nil
}
