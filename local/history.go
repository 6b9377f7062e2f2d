package local

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// maxCommitDiff bounds one commit's diff as git prints it.
const maxCommitDiff = 1 << 30

// commitEntry is the memoised diff of one commit; done is closed once files
// or err is set.
type commitEntry struct {
	done  chan struct{}
	files []checks.File
	err   error
}

// CommitFiles implements checks.Source: the files a commit changed against
// its first parent (a root commit against the empty tree), with their added
// lines. Renames are detected; binary files have PatchMissing set. The
// result is shared between callers, who must not modify it.
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
	r.mu.Unlock()
	if !ok {
		go r.streamCommits([]string{sha}, map[string]*commitEntry{sha: e}, false)
	}
	select {
	case <-e.done:
		return e.files, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// prefetch starts reading the diffs of all the given commits with one git
// process, in the background. CommitFiles then waits only for the commit it
// asks for, while git keeps streaming the rest.
func (r *Repo) prefetch(shas []string) {
	todo := map[string]*commitEntry{}
	var order []string
	r.mu.Lock()
	for _, sha := range shas {
		if _, ok := r.commits[sha]; ok || !isObjectID(sha) {
			continue
		}
		e := &commitEntry{done: make(chan struct{})}
		r.commits[sha] = e
		todo[sha] = e
		order = append(order, sha)
	}
	r.mu.Unlock()
	if len(order) > 0 {
		go r.streamCommits(order, todo, true)
	}
}

// streamCommits runs one `git log --no-walk --stdin` over the commits and
// resolves each entry as soon as its diff has been read. Entries git did not
// print are resolved with an error, never left waiting.
func (r *Repo) streamCommits(shas []string, entries map[string]*commitEntry, report bool) {
	err := r.readCommits(shas, entries, report)
	for _, sha := range shas {
		e := entries[sha]
		select {
		case <-e.done:
		default:
			e.err = err
			if e.err == nil {
				e.err = fmt.Errorf("git printed no diff for commit %s", shortSHA(sha))
			}
			close(e.done)
		}
	}
}

func (r *Repo) readCommits(shas []string, entries map[string]*commitEntry, report bool) error {
	nonce, err := newNonce()
	if err != nil {
		return err
	}
	marker := "\x00GH" + nonce + "\x00"
	args := append([]string{
		"log", "--no-walk=unsorted", "--stdin", "--root", "--diff-merges=first-parent",
		"--no-show-signature", "--no-notes", "--format=tformat:%x00GH" + nonce + "%x00%H",
	}, diffArgs...)
	cmd := r.command(r.ctx, args...)
	cmd.Stdin = strings.NewReader(strings.Join(shas, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("failed to start git log: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("failed to start git log: %w", err)
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 1<<20), maxCommitDiff)
	sc.Split(splitOn([]byte(marker)))
	read, parseErr := 0, error(nil)
	parser := newDiffParser()
	for sc.Scan() {
		tok := sc.Bytes()
		if len(tok) == 0 {
			continue // the empty text before the first marker
		}
		sha, body, ok := bytes.Cut(tok, []byte{0})
		e := entries[string(sha)]
		if !ok || e == nil {
			parseErr = errors.New("git log printed a commit that was not asked for")
			break
		}
		files, err := parser.parse(bytes.NewReader(body))
		if err != nil {
			e.err = fmt.Errorf("commit %s: %w", shortSHA(string(sha)), err)
		}
		e.files = files
		read++
		if report && r.progress != nil {
			r.progress(read, len(shas))
		}
		close(e.done)
	}
	scanErr := sc.Err()
	if scanErr != nil || parseErr != nil {
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	switch {
	case r.ctx.Err() != nil:
		return errors.New("the repository was closed")
	case scanErr != nil:
		return fmt.Errorf("failed to read git log: %w", scanErr)
	case parseErr != nil:
		return parseErr
	case waitErr != nil:
		return &GitError{Args: []string{"log", "--stdin"}, Stderr: firstLine(stderr.String()), Err: waitErr}
	}
	return nil
}

// newNonce returns the random part of a record separator. File contents
// cannot forge it, so it splits git's stream into commits whatever the diffs hold.
func newNonce() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("failed to make a record separator: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// splitOn splits a stream at every occurrence of marker. It remembers how far
// it has searched, so that a commit with a huge diff, read in many small
// chunks, is searched once rather than once per chunk.
func splitOn(marker []byte) bufio.SplitFunc {
	searched := 0
	return func(data []byte, atEOF bool) (int, []byte, error) {
		from := max(0, searched-len(marker)+1)
		if i := bytes.Index(data[from:], marker); i >= 0 {
			searched = 0
			return from + i + len(marker), data[:from+i], nil
		}
		searched = len(data)
		if atEOF && len(data) > 0 {
			searched = 0
			return len(data), data, nil
		}
		return 0, nil, nil
	}
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
