package checks

import "context"

// ChangeSet is everything a check may read about a pull request (or a local
// git range). The pipeline fills the plain fields; Source fetches the rest
// lazily, memoised, so a check pays only for what it reads.
type ChangeSet struct {
	// Repo is "owner/name".
	Repo string
	// Number is the pull request number; 0 for a local scan.
	Number int
	// Title, Body and Author of the pull request.
	Title  string
	Body   string
	Author string
	// BaseRef is the base branch name; BaseSHA and HeadSHA the compared commits.
	BaseRef string
	BaseSHA string
	HeadSHA string
	// Files is the final diff, base...head.
	Files []File
	// Commits are the pull request's commits, oldest first.
	Commits []Commit
	// Limits lists the limits hit while gathering (too many files or commits);
	// a non-empty list fails the gate closed because the change set is incomplete.
	Limits []string
	// Source reads contents, commit diffs and sizes.
	Source Source
}

// Commit is one commit of the change set.
type Commit struct {
	SHA     string
	Message string
	Author  string
}

// File is one changed file of a diff.
type File struct {
	// Path is the file's path after the change; PreviousPath its path before a rename.
	Path         string
	PreviousPath string
	// Status is GitHub's: added, removed, modified, renamed, copied, changed, unchanged.
	Status    string
	Additions int
	Deletions int
	// BlobSHA is the blob of the new version (empty for a removed file).
	BlobSHA string
	// Patch is the unified diff GitHub returned; PatchMissing is true when GitHub
	// omitted it (binary file or diff too large), in which case Added is empty and a
	// check that needs the content must fetch the blob.
	Patch        string
	PatchMissing bool
	// Added are the lines the diff adds, with their new-file line numbers.
	Added []Line
}

// Removed reports whether the diff deletes the file.
func (f File) Removed() bool { return f.Status == "removed" }

// Line is one added line and its 1-based line number in the new file. Text has
// no line terminator (a trailing CR of a CRLF file is kept, as git does).
type Line struct {
	No   int
	Text string
}

// Source reads what the plain fields of a ChangeSet do not carry. Every method
// is safe for concurrent use and memoised by the implementation, except that
// a source may read a commit's files again rather than keep every commit of
// a long history in memory: ask CommitFiles once per commit where possible.
type Source interface {
	// FileAt returns the content of path at the commit ref; found is false when
	// the file does not exist there.
	FileAt(ctx context.Context, ref, path string) (content []byte, found bool, err error)
	// CommitFiles returns the files a commit changed against its first parent,
	// with parsed added lines. For a merge a source may return only what
	// differs from every parent, with the lines new to all of them: what a
	// merge carries over was added by a commit of its branch.
	CommitFiles(ctx context.Context, sha string) ([]File, error)
	// Blob returns the content of a blob by its SHA.
	Blob(ctx context.Context, sha string) ([]byte, error)
	// Sizes returns the size in bytes of every file at the commit ref.
	Sizes(ctx context.Context, ref string) (map[string]int64, error)
}

// CommitPathSource is a Source that can list the files a commit changed
// without their patches, which is cheaper to read and to keep. Checks that
// need only paths ask it when the Source has it.
type CommitPathSource interface {
	// CommitPaths returns the files CommitFiles would (for a merge, all its
	// files against its first parent); their patches and added lines may be
	// missing.
	CommitPaths(ctx context.Context, sha string) ([]File, error)
}
