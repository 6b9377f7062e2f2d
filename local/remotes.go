package local

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
)

// remoteIndex answers RemoteBranchContaining for many commits with three
// git processes rather than one `git for-each-ref --contains` each: a scan of a
// long history asks for every commit that introduced a secret, and each of
// those processes walks the history again (90 of them cost 1.1 s of CPU on
// gitleaks/gitleaks, a third of what gitleaks takes for its whole scan; one
// walk per branch, as before this index, 1.2 s on trufflehog's 137).
type remoteIndex struct {
	mu     sync.Mutex
	loaded bool
	// branches are the remote-tracking branches in for-each-ref's order
	// (by name), without the symbolic ones (origin/HEAD).
	branches []string
	// first maps every commit some remote-tracking branch holds to the
	// index in branches of the first that holds it.
	first map[string]int
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
	i, ok := x.first[sha]
	if !ok {
		return "", false, nil
	}
	return strings.TrimPrefix(x.branches[i], "refs/remotes/"), true, nil
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

// loadRemotes lists the remote-tracking branches and, in one walk of their
// history, the first of them holding each commit, once. Called with
// r.remotes.mu held.
func (r *Repo) loadRemotes(ctx context.Context) error {
	x := &r.remotes
	if x.loaded {
		return nil
	}
	out, err := r.run(ctx, "for-each-ref", "--format=%(refname) %(symref)", "refs/remotes/")
	if err != nil {
		return err
	}
	x.branches = nil
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// A symbolic ref (origin/HEAD) only points at another remote branch.
		if ref, symref, _ := strings.Cut(line, " "); ref != "" && symref == "" {
			x.branches = append(x.branches, ref)
		}
	}
	x.first = map[string]int{}
	if len(x.branches) > 0 {
		if err := r.firstBranches(ctx); err != nil {
			return err
		}
	}
	x.loaded = true
	return nil
}

// firstBranches fills x.first: a commit's first branch is the first of
// those whose tip it is and of its children's first branches. git lists
// children before their parents (--topo-order), so that a commit's first
// branch is known when it is reached. A ref that is not a commit (a tag of a
// blob fetched under refs/remotes) holds none, as for-each-ref --contains
// says; the walk starts from the commits resolved, never from the names
// again, which a fetch could move meanwhile. Called with r.remotes.mu held.
func (r *Repo) firstBranches(ctx context.Context) error {
	x := &r.remotes
	peeled := make([]string, len(x.branches))
	for i, b := range x.branches {
		peeled[i] = b + "^{commit}"
	}
	out, err := r.runInput(ctx, []byte(strings.Join(peeled, "\n")+"\n"), "cat-file", "--batch-check=%(objectname) %(objecttype)")
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(x.branches) {
		return fmt.Errorf("git answered for %d of %d remote-tracking branches", len(lines), len(x.branches))
	}
	var tips []string
	for i, line := range lines {
		sha, kind, _ := strings.Cut(line, " ")
		if kind != "commit" || !isObjectID(sha) {
			continue // "<name> missing": no commit there
		}
		tips = append(tips, sha)
		if j, ok := x.first[sha]; !ok || i < j {
			x.first[sha] = i
		}
	}
	if len(tips) == 0 {
		return nil
	}
	out, err = r.runInput(ctx, []byte(strings.Join(tips, "\n")+"\n"), "rev-list", "--topo-order", "--parents", "--stdin")
	if err != nil {
		return err
	}
	for line := range bytes.Lines(out) {
		f := strings.Fields(string(line))
		if len(f) == 0 {
			continue
		}
		i, ok := x.first[f[0]]
		if !ok {
			return fmt.Errorf("git listed commit %s before any of its children", shortSHA(f[0]))
		}
		for _, p := range f[1:] {
			if j, ok := x.first[p]; !ok || i < j {
				x.first[p] = i
			}
		}
	}
	return nil
}
