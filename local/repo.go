package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

// Staged is the pseudo-commit of a --staged scan: the index. It is the
// HeadSHA and the single commit of a staged change set, and the Source reads
// the index whenever it is given it as a ref. It cannot clash with a commit:
// checks only pass the Source SHAs taken from the change set.
const Staged = "staged"

// Repo is a git repository on disk. It implements checks.Source; all its
// methods are safe for concurrent use. Close it to stop its git processes.
type Repo struct {
	dir     string // the work tree's top level (the git dir for a bare repository)
	gitPath string

	ctx    context.Context // lives until Close; owns the long-running processes
	cancel context.CancelFunc

	emptyTreeOnce sync.Once
	emptyTree     string
	emptyTreeErr  error

	cat *catFile

	// What the Source methods have read, kept while the repository is
	// open: files by "ref:path", blobs by id, sizes by commit, the file
	// lists of CommitPaths by commit, the staged diff under "".
	files, blobs, sizes, paths, staged *memo.Memo

	mu      sync.Mutex
	commits map[string]*commitEntry
	// pathsPlan are the commits of the range, until CommitPaths lists them.
	pathsPlan []string
	// merges tells which of the ranges' commits are merges.
	merges    map[string]bool
	readCount readCount
	flow      readAhead
	// keepPatches is how many bytes of a range's final diff keep their
	// lines (see ChangeSet).
	keepPatches int64
	remotes     remoteIndex

	// progress, when set, is told how many commits of the range have been
	// read; progressMu makes its calls one at a time.
	progress   func(read, total int)
	progressMu sync.Mutex
}

// Open finds the repository that contains dir. It returns ErrNotRepository
// (wrapped) when dir is not inside one, and an error when git is missing.
func Open(ctx context.Context, dir string) (*Repo, error) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return nil, errors.New("git is not installed or not on PATH")
	}
	if st, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", dir, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", dir, err)
	}
	r := &Repo{dir: abs, gitPath: gitPath, keepPatches: maxKeptPatches}
	out, err := r.run(ctx, "rev-parse", "--is-bare-repository", "--absolute-git-dir")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 2 && lines[0] == "true" {
		r.dir = lines[1]
	} else {
		top, err := r.run(ctx, "rev-parse", "--show-toplevel")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
		}
		r.dir = strings.TrimSpace(string(top))
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	r.commits = map[string]*commitEntry{}
	r.files, r.blobs, r.sizes, r.paths, r.staged = memo.New(), memo.New(), memo.New(), memo.New(), memo.New()
	r.initReadAhead()
	r.cat = &catFile{repo: r}
	return r, nil
}

// Root is the work tree's top-level directory (the git directory of a bare repository).
func (r *Repo) Root() string { return r.dir }

// SetProgress registers a function told, as a range's commits are read, how
// many have been read out of how many. It is called from a background
// goroutine, before the commit it counts is handed to CommitFiles' callers.
// Call it before ChangeSet.
func (r *Repo) SetProgress(f func(read, total int)) { r.progress = f }

// Close stops the repository's git processes.
func (r *Repo) Close() error {
	r.cancel()
	r.cat.close()
	return nil
}

// Resolve returns the commit SHA a revision names, or a *RefError.
func (r *Repo) Resolve(ctx context.Context, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return "", &RefError{Ref: rev, Reason: "not a revision"}
	}
	out, err := r.run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &RefError{Ref: rev}
	}
	return strings.TrimSpace(string(out)), nil
}

// DefaultBranch returns the name of the branch pull requests target: the
// remote's HEAD (origin/HEAD), else a local main, else master. ok is false
// when there is none.
func (r *Repo) DefaultBranch(ctx context.Context) (name string, ok bool) {
	if out, err := r.run(ctx, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"); err == nil {
		ref := strings.TrimSpace(string(out))
		if _, err := r.Resolve(ctx, ref); err == nil {
			return strings.TrimPrefix(ref, "refs/remotes/"), true
		}
	}
	for _, b := range []string{"main", "master"} {
		if _, err := r.Resolve(ctx, "refs/heads/"+b); err == nil {
			return b, true
		}
	}
	return "", false
}

// MergeBase returns the best common ancestor of two commits; ok is false when
// their histories are unrelated.
func (r *Repo) MergeBase(ctx context.Context, a, b string) (sha string, ok bool, err error) {
	out, err := r.run(ctx, "merge-base", a, b)
	if err != nil {
		if ctx.Err() != nil {
			return "", false, ctx.Err()
		}
		if exitCode(err) == 1 {
			return "", false, nil
		}
		return "", false, err
	}
	return strings.TrimSpace(string(out)), true, nil
}

// EmptyTree is the id of the empty tree in this repository's hash (SHA-1 or
// SHA-256): the "base" of a range that starts at the root of history.
func (r *Repo) EmptyTree(ctx context.Context) (string, error) {
	r.emptyTreeOnce.Do(func() {
		out, err := r.runInput(ctx, []byte{}, "hash-object", "-t", "tree", "--stdin")
		if err != nil {
			r.emptyTreeErr = fmt.Errorf("failed to compute the empty tree id: %w", err)
			return
		}
		r.emptyTree = strings.TrimSpace(string(out))
	})
	return r.emptyTree, r.emptyTreeErr
}

// hasHead reports whether HEAD names a commit (false in a repository with no
// commit yet).
func (r *Repo) hasHead(ctx context.Context) bool {
	_, err := r.Resolve(ctx, "HEAD")
	return err == nil
}

// Shallow reports whether the repository is a shallow clone, whose history
// stops short: a range may then start at the graft rather than at the real
// merge base.
func (r *Repo) Shallow(ctx context.Context) bool {
	out, err := r.run(ctx, "rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(string(out)) == "true"
}
