package local

import (
	"context"
	"fmt"
	"strings"
)

// RemoteBranchContaining returns a remote-tracking branch ("origin/main")
// whose history holds the commit sha: as far as this clone knows, the commit
// was pushed. ok is false when no remote-tracking branch holds it, so the
// commit has not left the machine through a push that this clone saw.
func (r *Repo) RemoteBranchContaining(ctx context.Context, sha string) (branch string, ok bool, err error) {
	if !isObjectID(sha) {
		return "", false, fmt.Errorf("not a commit id: %q", sha)
	}
	out, err := r.run(ctx, "for-each-ref", "--contains", sha, "--format=%(refname)", "refs/remotes/")
	if err != nil {
		return "", false, fmt.Errorf("failed to list the remote-tracking branches holding %s: %w", shortSHA(sha), err)
	}
	for _, ref := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// refs/remotes/origin/HEAD only points at another remote branch.
		if ref != "" && !strings.HasSuffix(ref, "/HEAD") {
			return strings.TrimPrefix(ref, "refs/remotes/"), true, nil
		}
	}
	return "", false, nil
}
