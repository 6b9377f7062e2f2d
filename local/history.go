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
	// stream is the read-ahead stream reading the entry; nil for a commit
	// read alone, whose stream is never held.
	stream *commitStream
}

// commitStream is one git process reading a range's commits ahead of the
// checks. waiting counts the callers waiting for one of its entries not
// yet resolved (guarded by Repo.mu): those let it read on past the
// read-ahead's budget, the other stream staying held.
type commitStream struct {
	waiting int
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
	waiting := !isDone(e.done) && e.stream != nil
	if waiting {
		e.stream.waiting++
		r.flow.cond.Broadcast()
	}
	r.mu.Unlock()
	if !ok {
		go r.streamCommits([]string{sha}, map[string]*commitEntry{sha: e}, nil, r.isMerge(sha))
	}
	select {
	case <-e.done:
	case <-ctx.Done():
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if waiting {
		e.stream.waiting--
	}
	if ctx.Err() != nil && !isDone(e.done) {
		return nil, ctx.Err()
	}
	r.take(sha, e)
	return e.files, e.err
}

// prefetch starts reading the diffs of all the given commits in the
// background, with two git processes: one for the merges, whose rename
// detection differs (see exactMergeDiffArgs), and one for the rest.
// CommitFiles then waits only for the commit it asks for, while git keeps
// streaming the rest.
func (r *Repo) prefetch(shas []string) {
	streams := [2]*commitStream{{}, {}} // the other commits', the merges'
	parts := [2][]string{}
	entries := [2]map[string]*commitEntry{{}, {}}
	r.mu.Lock()
	for _, sha := range shas {
		if _, ok := r.commits[sha]; ok || !isObjectID(sha) {
			continue
		}
		i := 0
		if r.merges[sha] {
			i = 1
		}
		e := &commitEntry{done: make(chan struct{}), stream: streams[i]}
		r.commits[sha] = e
		parts[i] = append(parts[i], sha)
		entries[i][sha] = e
	}
	r.readCount = readCount{total: len(parts[0]) + len(parts[1])}
	r.mu.Unlock()
	for i, part := range parts {
		if len(part) > 0 {
			go r.streamCommits(part, entries[i], streams[i], i == 1)
		}
	}
}

// streamCommits runs one `git log --no-walk --stdin` over the commits (all
// merges or none) and resolves each entry as soon as its diff has been read,
// removing it from entries. Entries git did not print are resolved with an
// error, never left waiting. A read-ahead stream reports progress and is
// held by the read-ahead's budget; a commit read alone (stream nil) is not.
func (r *Repo) streamCommits(shas []string, entries map[string]*commitEntry, stream *commitStream, merges bool) {
	err := r.readCommits(shas, entries, stream, merges)
	for sha, e := range entries { // what git did not print
		e.err = err
		if e.err == nil {
			e.err = fmt.Errorf("git printed no diff for commit %s", shortSHA(sha))
		}
		r.resolveCommit(e)
	}
}

func (r *Repo) readCommits(shas []string, entries map[string]*commitEntry, stream *commitStream, merges bool) error {
	parser := newDiffParser()
	args := diffArgs
	if merges {
		args = exactMergeDiffArgs
	}
	return r.streamLog(shas, "dense-combined", args, func(sha string, body io.Reader) error {
		e := entries[sha]
		if e == nil {
			return errors.New("git log printed a commit that was not asked for")
		}
		// Forgotten here, the entry's diff is freed once its callers are done.
		delete(entries, sha)
		files, err := parser.parse(body)
		if err == nil && merges && parser.addedToParent {
			// Perhaps a move with edits, which only rename detection
			// by similarity pairs.
			files, err = r.mergeFiles(sha)
		}
		if err != nil {
			e.err = fmt.Errorf("commit %s: %w", shortSHA(sha), err)
		}
		e.files = files
		if stream != nil {
			r.countRead()
		}
		r.resolveCommit(e)
		if stream != nil {
			// Only a range's streams read ahead; a single commit's
			// stream has nothing more to read.
			r.throttle(stream)
		}
		return nil
	})
}

// mergeFiles reads a merge's files with full rename detection
// (mergeDiffArgs).
func (r *Repo) mergeFiles(sha string) ([]checks.File, error) {
	var files []checks.File
	read := false
	err := r.streamLog([]string{sha}, "dense-combined", mergeDiffArgs, func(got string, body io.Reader) error {
		if got != sha || read {
			return errors.New("git log printed a commit that was not asked for")
		}
		read = true
		var err error
		files, err = newDiffParser().parse(body)
		return err
	})
	if err == nil && !read {
		err = errors.New("git printed no diff")
	}
	return files, err
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
