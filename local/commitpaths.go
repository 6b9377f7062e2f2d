package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gatehouse-sec/gatehouse/checks"
)

var _ checks.CommitPathSource = (*Repo)(nil)

// pathArgs make git print the --raw records of diffArgs alone: the same
// paths, statuses and rename detection, without reading a single blob.
var pathArgs = []string{"--raw", "-z", "-M", "--no-abbrev", "--no-relative", "--ignore-submodules=none"}

// pathsEntry is the memoised file list of one commit; done is closed once
// files or err is set.
type pathsEntry struct {
	done  chan struct{}
	files []checks.File
	err   error
}

// CommitPaths implements checks.CommitPathSource: the files a commit
// changed, as CommitFiles lists them, without their patches. The lists are
// small and kept; for Staged it is the staged files, patches included.
func (r *Repo) CommitPaths(ctx context.Context, sha string) ([]checks.File, error) {
	if sha == Staged {
		return r.stagedFiles(ctx)
	}
	if !isObjectID(sha) {
		return nil, fmt.Errorf("%q is not a commit id", sha)
	}
	r.startPaths()
	r.mu.Lock()
	e, ok := r.paths[sha]
	if !ok {
		e = &pathsEntry{done: make(chan struct{})}
		r.paths[sha] = e
	}
	r.mu.Unlock()
	if !ok {
		go r.streamPaths([]string{sha}, map[string]*pathsEntry{sha: e})
	}
	select {
	case <-e.done:
		return e.files, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// planPaths names the commits whose file lists CommitPaths will be asked
// for. One git process lists them all at the first call: started at once,
// it would compete for the CPU with the work that a scan waits for first
// (the final diff, the checks' setup).
func (r *Repo) planPaths(shas []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pathsPlan = shas
}

func (r *Repo) startPaths() {
	r.mu.Lock()
	plan := r.pathsPlan
	r.pathsPlan = nil
	r.mu.Unlock()
	if len(plan) == 0 {
		return
	}
	order, todo := claim(r, r.paths, plan, func() *pathsEntry { return &pathsEntry{done: make(chan struct{})} })
	if len(order) > 0 {
		go r.streamPaths(order, todo)
	}
}

// streamPaths resolves each entry as soon as git has listed its commit's
// files; entries git did not print are resolved with an error.
func (r *Repo) streamPaths(shas []string, entries map[string]*pathsEntry) {
	parser := newDiffParser()
	err := r.streamLog(shas, pathArgs, func(sha string, body io.Reader) error {
		e := entries[sha]
		if e == nil || isDone(e.done) {
			return errors.New("git log printed a commit that was not asked for")
		}
		e.files, e.err = parser.parseRecords(body)
		if e.err != nil {
			e.err = fmt.Errorf("commit %s: %w", shortSHA(sha), e.err)
		}
		close(e.done)
		return nil
	})
	for _, sha := range shas {
		if e := entries[sha]; !isDone(e.done) {
			e.err = err
			if e.err == nil {
				e.err = fmt.Errorf("git printed no file list for commit %s", shortSHA(sha))
			}
			close(e.done)
		}
	}
}

// parseRecords reads one commit's --raw records, with no patch after them.
func (p *diffParser) parseRecords(body io.Reader) ([]checks.File, error) {
	p.br.Reset(body)
	defer p.br.Reset(nil)
	recs, err := p.readRecords()
	if err != nil {
		return nil, err
	}
	if rest, _ := io.ReadAll(p.br); len(bytes.Trim(rest, "\x00\n")) > 0 {
		return nil, errors.New("unexpected output after the file list from git")
	}
	files := make([]checks.File, len(recs))
	for i, rec := range recs {
		files[i] = recordFile(rec)
	}
	return files, nil
}
