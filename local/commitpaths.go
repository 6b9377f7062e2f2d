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

// pathArgs make git print the --raw records of diffArgs alone: the same
// paths, statuses and rename detection, without reading a single blob.
var pathArgs = []string{"--raw", "-z", "-M", "--no-abbrev", "--no-relative", "--ignore-submodules=none"}

// mergePathArgs are pathArgs for merges, without rename detection: a merge's
// diff against its first parent brings in a whole branch, and pairing its
// removed and added files by content was most of this pass' CPU (0.20 of
// 0.25 s on gitleaks/gitleaks' history, whose merges move 61 files). A file
// a merge moves is listed as removed at its old path and added at its new
// one: the same paths, each as present or not as a rename would leave it,
// which is what the DLP check reads.
var mergePathArgs = []string{"--raw", "-z", "--no-renames", "--no-abbrev", "--no-relative", "--ignore-submodules=none"}

// pathsPromise is a commit's file list, claimed for one git process.
type pathsPromise = memo.Promise[[]checks.File]

// pathsPlan are the commits of a range whose file lists CommitPaths will be
// asked for, and which of them are merges.
type pathsPlan struct {
	shas   []string
	merges map[string]bool
}

// CommitPaths implements checks.CommitPathSource: the files a commit
// changed, as CommitFiles lists them, without their patches; for a merge,
// its files against its first parent, moves listed as a removal and an
// addition (see mergePathArgs). The lists are small and kept; for Staged it
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
		go func() {
			// Outside a range, whether the commit is a merge is not known yet.
			args := pathArgs
			if _, err := r.run(r.ctx, "rev-parse", "--verify", "--quiet", sha+"^2"); err == nil {
				args = mergePathArgs
			}
			r.streamPaths([]string{sha}, map[string]pathsPromise{sha: p}, args)
		}()
	})
}

// planPaths names the commits whose file lists CommitPaths will be asked
// for. Git lists them all at the first call: started at once, it would
// compete for the CPU with the work that a scan waits for first (the final
// diff, the checks' setup).
func (r *Repo) planPaths(shas []string, merges map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pathsPlan = pathsPlan{shas: shas, merges: merges}
}

// startPaths lists the planned commits' files with two git processes, one
// for the merges and one for the rest.
func (r *Repo) startPaths() {
	r.mu.Lock()
	plan := r.pathsPlan
	r.pathsPlan = pathsPlan{}
	r.mu.Unlock()
	if len(plan.shas) == 0 {
		return
	}
	shas := make([]string, 0, len(plan.shas))
	for _, sha := range plan.shas {
		if isObjectID(sha) {
			shas = append(shas, sha)
		}
	}
	order, todo := memo.Claim[[]checks.File](r.paths, shas)
	for _, merges := range []bool{false, true} {
		var part []string
		promises := map[string]pathsPromise{}
		for _, sha := range order {
			if plan.merges[sha] == merges {
				part = append(part, sha)
				promises[sha] = todo[sha]
			}
		}
		args := pathArgs
		if merges {
			args = mergePathArgs
		}
		if len(part) > 0 {
			go r.streamPaths(part, promises, args)
		}
	}
}

// streamPaths resolves each promise as soon as git has listed its commit's
// files; those git did not print are resolved with an error.
func (r *Repo) streamPaths(shas []string, promises map[string]pathsPromise, args []string) {
	parser := newDiffParser()
	err := r.streamLog(shas, "first-parent", args, func(sha string, body io.Reader) error {
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
