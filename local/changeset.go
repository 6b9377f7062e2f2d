package local

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

// ChangeSet gathers what a pull request from the range would contain: the
// final diff (merge base to head, or HEAD to the index), the commits oldest
// first, and the repository itself as the Source. The commits' diffs start
// streaming in the background at once. Local scans have no limits: a
// developer's machine may read as much history as it likes.
func (r *Repo) ChangeSet(ctx context.Context, rg *Range) (*checks.ChangeSet, error) {
	cs := &checks.ChangeSet{
		Repo:    r.name(ctx),
		BaseRef: rg.BaseRef,
		BaseSHA: rg.MergeBase,
		HeadSHA: rg.HeadSHA,
		Source:  r,
	}
	if rg.Staged {
		files, err := r.stagedFiles(ctx)
		if err != nil {
			return nil, err
		}
		cs.Files = files
		cs.Commits = []checks.Commit{{SHA: Staged}}
		return cs, nil
	}
	commits, merges, err := r.listCommits(ctx, rg)
	if err != nil {
		return nil, err
	}
	cs.Commits = commits
	shas := make([]string, len(commits))
	for i, c := range commits {
		shas[i] = c.SHA
	}
	r.mu.Lock()
	if r.merges == nil {
		r.merges = map[string]bool{}
	}
	for _, sha := range shas {
		r.merges[sha] = merges[sha]
	}
	r.mu.Unlock()
	r.prefetch(shas)
	r.planPaths(shas)
	base := rg.MergeBase
	if base == "" {
		// From the root of history, the final diff adds the whole tree.
		if base, err = r.EmptyTree(ctx); err != nil {
			return nil, err
		}
		cs.Files, err = r.rootFiles(ctx, base, rg.HeadSHA)
	} else {
		// A range's final diff keeps its files' lines, which the scan reads
		// at once, up to a budget; past it, added text files are read when
		// scanned (BlobLines), as from the root, so that a branch adding a
		// large tree does not hold it all.
		r.mu.Lock()
		keep := r.keepPatches
		r.mu.Unlock()
		cs.Files, err = r.diffFilesKeeping(ctx, true, keep, append(append([]string{"diff"}, diffArgs...), base, rg.HeadSHA)...)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to diff %s..%s: %w", shortSHA(base), shortSHA(rg.HeadSHA), err)
	}
	return cs, nil
}

// listCommits lists MergeBase..Head (or all of Head's history), parents
// before children, with their messages: the secrets check scans them too.
// merges holds the merge commits among them.
func (r *Repo) listCommits(ctx context.Context, rg *Range) (commits []checks.Commit, merges map[string]bool, err error) {
	rev := rg.HeadSHA
	if rg.MergeBase != "" {
		rev = rg.MergeBase + ".." + rg.HeadSHA
	}
	out, err := r.run(ctx, "log", "--reverse", "--topo-order", "-z", "--no-show-signature",
		"--format=format:%H%x1f%P%x1f%an%x1f%B", rev, "--")
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list the commits of %s: %w", rev, err)
	}
	merges = map[string]bool{}
	for _, rec := range strings.Split(string(out), "\x00") {
		if rec == "" {
			continue
		}
		f := strings.SplitN(rec, "\x1f", 4)
		if len(f) != 4 || !isObjectID(f[0]) {
			return nil, nil, fmt.Errorf("unexpected commit list from git for %s", rev)
		}
		if strings.Contains(f[1], " ") {
			merges[f[0]] = true
		}
		commits = append(commits, checks.Commit{SHA: f[0], Author: f[2], Message: strings.TrimRight(f[3], "\n")})
	}
	return commits, merges, nil
}

// isMerge reports whether the commit is a merge: as its range listed it, or
// else as git says (a commit read alone, outside any range).
func (r *Repo) isMerge(sha string) bool {
	r.mu.Lock()
	merge, known := r.merges[sha]
	r.mu.Unlock()
	if known {
		return merge
	}
	_, err := r.run(r.ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", sha+"^2")
	return err == nil
}

// stagedFiles diffs the index against HEAD (against the empty tree in a
// repository with no commit yet), once.
func (r *Repo) stagedFiles(ctx context.Context) ([]checks.File, error) {
	return memo.Go(ctx, r.staged, "", func() ([]checks.File, error) { return r.diffIndex(r.ctx) })
}

func (r *Repo) diffIndex(ctx context.Context) ([]checks.File, error) {
	base := "HEAD"
	if !r.hasHead(ctx) {
		var err error
		if base, err = r.EmptyTree(ctx); err != nil {
			return nil, err
		}
	}
	files, err := r.diffFiles(ctx, append(append([]string{"diff", "--cached"}, diffArgs...), base, "--")...)
	if err != nil {
		return nil, fmt.Errorf("failed to diff the staged changes: %w", err)
	}
	return files, nil
}

// name is "owner/name" from the origin remote's URL when it has that shape,
// else the directory's name.
func (r *Repo) name(ctx context.Context) string {
	if out, err := r.run(ctx, "config", "--get", "remote.origin.url"); err == nil {
		if n := repoFromURL(strings.TrimSpace(string(out))); n != "" {
			return n
		}
	}
	return filepath.Base(r.dir)
}

// repoFromURL reads owner/name from https://host/owner/name(.git) or
// git@host:owner/name(.git).
func repoFromURL(raw string) string {
	p := ""
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		p = u.Path
	} else if _, rest, ok := strings.Cut(raw, ":"); ok && !strings.Contains(raw, "://") {
		p = rest
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	parts := strings.Split(p, "/")
	if len(parts) < 2 || parts[len(parts)-2] == "" || parts[len(parts)-1] == "" {
		return ""
	}
	return parts[len(parts)-2] + "/" + parts[len(parts)-1]
}
