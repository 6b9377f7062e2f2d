package local

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// commitEntry is the diff of one commit; done is closed once files or err
// is set. size is the memory its diff holds (see resolveCommit), counted in
// the read-ahead until a caller takes the entry.
type commitEntry struct {
	done  chan struct{}
	files []checks.File
	err   error
	size  int64
	taken bool // size has left the read-ahead
}

// CommitFiles implements checks.Source: the files a commit changed against
// its first parent (a root commit against the empty tree), with their added
// lines; for a merge, git's dense combined diff: the files that differ from
// every parent, with the lines new to all of them (see combined.go). Renames
// are detected; binary files have PatchMissing set. The result is shared
// between callers, who must not modify it.
//
// A commit's diff is handed out once and then forgotten, so that a scan of
// a long history holds only the commits read ahead of the checks (see
// throttle); asking again reads it from git again. The DLP check, which
// needs only paths, asks CommitPaths.
func (r *Repo) CommitFiles(ctx context.Context, sha string) ([]checks.File, error) {
	if sha == Staged {
		return r.stagedFiles(ctx)
	}
	if !isObjectID(sha) {
		return nil, fmt.Errorf("%q is not a commit id", sha)
	}
	r.mu.Lock()
	e, ok := r.commits[sha]
	if !ok {
		e = &commitEntry{done: make(chan struct{})}
		r.commits[sha] = e
	}
	waiting := !isDone(e.done)
	if waiting {
		r.flow.waiting++
		r.flow.cond.Broadcast()
	}
	r.mu.Unlock()
	if !ok {
		go r.streamCommits([]string{sha}, map[string]*commitEntry{sha: e}, false)
	}
	select {
	case <-e.done:
	case <-ctx.Done():
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if waiting {
		r.flow.waiting--
	}
	if ctx.Err() != nil && !isDone(e.done) {
		return nil, ctx.Err()
	}
	r.take(sha, e)
	return e.files, e.err
}

// prefetch starts reading the diffs of all the given commits with one git
// process, in the background. CommitFiles then waits only for the commit it
// asks for, while git keeps streaming the rest.
func (r *Repo) prefetch(shas []string) {
	order, todo := claim(r, r.commits, shas, func() *commitEntry { return &commitEntry{done: make(chan struct{})} })
	if len(order) > 0 {
		go r.streamCommits(order, todo, true)
	}
}

// claim adds a new entry to memo for each commit it does not have yet, in
// order, and returns those commits and their entries for one stream to fill.
func claim[E any](r *Repo, memo map[string]*E, shas []string, newEntry func() *E) ([]string, map[string]*E) {
	todo := map[string]*E{}
	var order []string
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, sha := range shas {
		if _, ok := memo[sha]; ok || !isObjectID(sha) {
			continue
		}
		e := newEntry()
		memo[sha] = e
		todo[sha] = e
		order = append(order, sha)
	}
	return order, todo
}

// streamCommits runs one `git log --no-walk --stdin` over the commits and
// resolves each entry as soon as its diff has been read, removing it from
// entries. Entries git did not print are resolved with an error, never left
// waiting.
func (r *Repo) streamCommits(shas []string, entries map[string]*commitEntry, report bool) {
	err := r.readCommits(shas, entries, report)
	for sha, e := range entries { // what git did not print
		e.err = err
		if e.err == nil {
			e.err = fmt.Errorf("git printed no diff for commit %s", shortSHA(sha))
		}
		r.resolveCommit(e)
	}
}

func (r *Repo) readCommits(shas []string, entries map[string]*commitEntry, report bool) error {
	read := 0
	parser := newDiffParser()
	return r.streamLog(shas, "dense-combined", mergeDiffArgs, func(sha string, body io.Reader) error {
		e := entries[sha]
		if e == nil {
			return errors.New("git log printed a commit that was not asked for")
		}
		// Forgotten here, the entry's diff is freed once its callers are done.
		delete(entries, sha)
		files, err := parser.parse(body)
		if err != nil {
			e.err = fmt.Errorf("commit %s: %w", shortSHA(sha), err)
		}
		e.files = files
		read++
		if report && r.progress != nil {
			r.progress(read, len(shas))
		}
		r.resolveCommit(e)
		if report {
			// Only a range's stream reads ahead; a single commit's
			// stream has nothing more to read.
			r.throttle()
		}
		return nil
	})
}

// isObjectID reports whether s is a full object id (SHA-1 or SHA-256, lower-case hex).
func isObjectID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
