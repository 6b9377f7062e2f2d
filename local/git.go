// Package local builds a checks.ChangeSet and its checks.Source from a git
// repository on disk, with the git binary, so that `gatehouse scan` runs the
// App's engines on a developer's machine before anything is pushed.
//
// Everything is read with git's plumbing and porcelain in forms whose output
// does not depend on the user's configuration: colours, external diff
// drivers, textconv, prefixes, relative diffs and submodule summaries are all
// turned off explicitly. Commit diffs are streamed for a whole range by one
// `git log` process, and file contents come from one long-running
// `git cat-file --batch`, so a scan of a thousand commits starts a handful of
// processes, not thousands. Answers are memoised (internal/memo) while the
// repository is open. LoadPolicy picks the policy that governs a scan, by
// the App's rule; RemoteBranches says which commits were pushed.
package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// ErrNotRepository is returned by Open when the directory is not inside a git
// work tree.
var ErrNotRepository = errors.New("not a git repository")

// RefError reports a revision that does not name a commit.
type RefError struct {
	Ref string
	// Reason is git's own explanation, when it gave one.
	Reason string
}

func (e *RefError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("unknown revision %q: %s", e.Ref, e.Reason)
	}
	return fmt.Sprintf("unknown revision %q: not a commit in this repository", e.Ref)
}

// GitError is a git command that failed; Stderr holds the first line git
// wrote, which names the problem without echoing file contents.
type GitError struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *GitError) Error() string {
	msg := "git " + strings.Join(e.Args, " ") + " failed"
	if e.Stderr != "" {
		return msg + ": " + e.Stderr
	}
	return fmt.Sprintf("%s: %v", msg, e.Err)
}

func (e *GitError) Unwrap() error { return e.Err }

// gitEnv is the environment of every git process: the user's, so that hooks'
// GIT_DIR and GIT_INDEX_FILE apply, without optional locks (a scan must never
// take index.lock from under a running commit) or prompts.
func gitEnv() []string {
	return append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0")
}

// globalArgs precede every git subcommand. core.quotePath=false keeps
// non-ASCII paths as they are in the few places -z does not cover.
var globalArgs = []string{"-c", "core.quotePath=false"}

// command prepares git with the repository's directory and environment.
func (r *Repo) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, r.gitPath, append(append([]string{}, globalArgs...), args...)...)
	cmd.Dir = r.dir
	cmd.Env = gitEnv()
	return cmd
}

// run runs git and returns its standard output.
func (r *Repo) run(ctx context.Context, args ...string) ([]byte, error) {
	return r.runInput(ctx, nil, args...)
}

// runInput runs git with stdin and returns its standard output.
func (r *Repo) runInput(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	var stdout bytes.Buffer
	if err := r.runTo(ctx, &stdout, stdin, args...); err != nil {
		return nil, err
	}
	return stdout.Bytes(), nil
}

// diffFiles runs a git diff with diffArgs and parses its output as git
// writes it. A failure of git is a *GitError; a parse error is returned
// only when git itself succeeded, since a git that died leaves a truncated
// output that cannot parse.
func (r *Repo) diffFiles(ctx context.Context, args ...string) ([]checks.File, error) {
	return r.diffFilesSlim(ctx, false, args...)
}

// diffFilesSlim is diffFiles, dropping the patches of added text files
// (slimFile) when slim is set.
func (r *Repo) diffFilesSlim(ctx context.Context, slim bool, args ...string) ([]checks.File, error) {
	return r.diffFilesKeeping(ctx, slim, 0, args...)
}

// diffFilesKeeping is diffFilesSlim that keeps the patches of the files it
// reads first, up to keep bytes of them.
func (r *Repo) diffFilesKeeping(ctx context.Context, slim bool, keep int64, args ...string) ([]checks.File, error) {
	cmd := r.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("failed to start git: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to start git: %w", err)
	}
	parser := newDiffParser()
	parser.slim, parser.keep = slim, keep
	files, parseErr := parser.parse(stdout)
	if parseErr != nil {
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case waitErr != nil && (parseErr == nil || stderr.Len() > 0):
		return nil, &GitError{Args: args, Stderr: firstLine(stderr.String()), Err: waitErr}
	case parseErr != nil:
		return nil, parseErr
	}
	return files, nil
}

// runTo runs git with stdin, writing its standard output to stdout.
func (r *Repo) runTo(ctx context.Context, stdout io.Writer, stdin []byte, args ...string) error {
	cmd := r.command(ctx, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &GitError{Args: args, Stderr: firstLine(stderr.String()), Err: err}
	}
	return nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.TrimPrefix(s, "fatal: "))
}

// exitCode returns git's exit status, or -1 when it did not exit normally.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

func shortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
