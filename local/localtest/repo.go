// Package localtest makes real, throw-away git repositories for tests, with
// the git binary, isolated from the machine's and the user's git settings.
package localtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Repo is a git repository in a test's temporary directory.
type Repo struct {
	t   testing.TB
	Dir string
}

// Isolate points git at no global or system configuration and sets a fixed
// identity, for the test's whole process environment: the code under test
// runs git too, and must see the same repository the test made. Tests that
// call it cannot run in parallel.
func Isolate(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("these tests need the git binary on PATH")
	}
	for k, v := range map[string]string{
		"GIT_CONFIG_GLOBAL":   os.DevNull,
		"GIT_CONFIG_NOSYSTEM": "1",
		// A temporary directory inside someone's work tree must not look
		// like part of it.
		"GIT_CEILING_DIRECTORIES": os.TempDir(),
		"GIT_AUTHOR_NAME":         "Dev Eloper",
		"GIT_AUTHOR_EMAIL":        "dev@example.com",
		"GIT_COMMITTER_NAME":      "Dev Eloper",
		"GIT_COMMITTER_EMAIL":     "dev@example.com",
		"GIT_DIR":                 "",
		"GIT_INDEX_FILE":          "",
		"GIT_WORK_TREE":           "",
	} {
		t.Setenv(k, v)
		if v == "" {
			os.Unsetenv(k)
		}
	}
}

// New makes an empty repository whose initial branch is main.
func New(t testing.TB) *Repo {
	t.Helper()
	Isolate(t)
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("-c", "init.defaultBranch=main", "init", "-q")
	return r
}

// Git runs git in the repository and returns its trimmed output; a failure
// fails the test.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// AddOrigin makes an empty bare repository in the test's temporary
// directory and adds it as the remote "origin", for the test to push to.
func (r *Repo) AddOrigin() {
	r.t.Helper()
	bare := filepath.Join(r.t.TempDir(), "origin.git")
	r.Git("init", "-q", "--bare", bare)
	r.Git("remote", "add", "origin", bare)
}

// MergeConflicting merges branch into the current branch and requires the
// merge to stop on a conflict in path, left for the test to resolve and
// commit.
func (r *Repo) MergeConflicting(branch, path string) {
	r.t.Helper()
	cmd := exec.Command("git", "merge", "-q", branch)
	cmd.Dir = r.Dir
	if out, err := cmd.CombinedOutput(); err == nil {
		r.t.Fatalf("git merge %s succeeded; the test needs a conflict in %s\n%s", branch, path, out)
	}
	if unmerged := r.Git("diff", "--name-only", "--diff-filter=U"); unmerged != path {
		r.t.Fatalf("git merge %s left %q unmerged, want %q", branch, unmerged, path)
	}
}

// Write creates or replaces a file (and its directories) in the work tree.
func (r *Repo) Write(path, content string) *Repo {
	r.t.Helper()
	full := filepath.Join(r.Dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// Remove deletes a file from the work tree.
func (r *Repo) Remove(path string) *Repo {
	r.t.Helper()
	if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(path))); err != nil {
		r.t.Fatal(err)
	}
	return r
}

// Commit stages everything and commits it; it returns the new commit's SHA.
func (r *Repo) Commit(msg string) string {
	r.t.Helper()
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", msg)
	return r.Git("rev-parse", "HEAD")
}

// Stage stages everything without committing.
func (r *Repo) Stage() *Repo {
	r.t.Helper()
	r.Git("add", "-A")
	return r
}
