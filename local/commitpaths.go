package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

var _ checks.CommitPathSource = (*Repo)(nil)

// pathArgs make git print the --raw records of diffArgs alone, without
// reading a single blob, and without rename detection: a moved file is
// listed as removed at its old path and added at its new one, which touches
// the same paths, each left present or not as the rename leaves it: all the
// DLP check reads. Pairing files by content was most of this pass' CPU
// (merges' diffs against their first parent bring in whole branches: 0.20
// of 0.25 s on gitleaks/gitleaks' history; other commits' renames 0.06 s
// of 0.08 s).
var pathArgs = []string{"--raw", "-z", "--no-renames", "--no-abbrev", "--no-relative", "--ignore-submodules=none"}

// pathsPromise is a commit's file list, claimed for one git process.
type pathsPromise = memo.Promise[[]checks.File]

// CommitPaths implements checks.CommitPathSource: the files a commit
// changed, as CommitFiles lists them, without their patches, moves listed
// as a removal and an addition (see pathArgs); for a merge, its files
// against its first parent. The lists are small and kept; for Staged it
// is the staged files, patches included.
func (r *Repo) CommitPaths(ctx context.Context, sha string) ([]checks.File, error) {
	if sha == Staged {
		return r.stagedFiles(ctx)
	}
	if !isObjectID(sha) {
		return nil, fmt.Errorf("%q is not a commit id", sha)
	}
	r.startPaths()
	return memo.Wait(ctx, r.paths, sha, func(p pathsPromise) {
		go r.streamPaths([]string{sha}, map[string]pathsPromise{sha: p})
	})
}

// planPaths names the commits whose file lists CommitPaths will be asked
// for. Git lists them all at the first call: started at once, it would
// compete for the CPU with the work that a scan waits for first (the final
// diff, the checks' setup).
func (r *Repo) planPaths(shas []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pathsPlan = shas
}

// startPaths lists the planned commits' files with one git process.
func (r *Repo) startPaths() {
	r.mu.Lock()
	plan := r.pathsPlan
	r.pathsPlan = nil
	r.mu.Unlock()
	shas := make([]string, 0, len(plan))
	for _, sha := range plan {
		if isObjectID(sha) {
			shas = append(shas, sha)
		}
	}
	if order, todo := memo.Claim[[]checks.File](r.paths, shas); len(order) > 0 {
		go r.streamPaths(order, todo)
	}
}

// streamPaths resolves each promise as soon as git has listed its commit's
// files; those git did not print are resolved with an error.
func (r *Repo) streamPaths(shas []string, promises map[string]pathsPromise) {
	parser := newDiffParser()
	err := r.streamLog(shas, "first-parent", pathArgs, func(sha string, body io.Reader) error {
		p, ok := promises[sha]
		if !ok || p.Resolved() {
			return errors.New("git log printed a commit that was not asked for")
		}
		files, err := parser.parseRecords(body)
		if err != nil {
			err = fmt.Errorf("commit %s: %w", shortSHA(sha), err)
		}
		p.Resolve(files, err)
		return nil
	})
	for _, sha := range shas {
		if p := promises[sha]; !p.Resolved() {
			perr := err
			if perr == nil {
				perr = fmt.Errorf("git printed no file list for commit %s", shortSHA(sha))
			}
			p.Resolve(nil, perr)
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
