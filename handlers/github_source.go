package handlers

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/httpx"
)

var errPanicked = errors.New("the call panicked")

// gitHub is every GitHub read and write of one evaluation of one repository.
// Reads are memoised for the evaluation; commit diffs, which never change, are
// also kept in a process-wide cache. All of it goes through the HTTP cache.
type gitHub struct {
	client       *github.Client
	owner, repo  string
	memo         *memo
	commitCache  *httpx.ByteLRU
	maxBlobBytes int64
}

func newGitHub(client *github.Client, owner, repo string, commitCache *httpx.ByteLRU) *gitHub {
	return &gitHub{client: client, owner: owner, repo: repo, memo: newMemo(), commitCache: commitCache, maxBlobBytes: 50 << 20}
}

func (g *gitHub) fullName() string { return g.owner + "/" + g.repo }

// pullRequest reads a pull request.
func (g *gitHub) pullRequest(ctx context.Context, number int) (*github.PullRequest, error) {
	return memoDo(g.memo, fmt.Sprintf("pr/%d", number), func() (*github.PullRequest, error) {
		pr, _, err := g.client.PullRequests.Get(ctx, g.owner, g.repo, number)
		if err != nil {
			return nil, fmt.Errorf("failed to get %s#%d: %w", g.fullName(), number, err)
		}
		return pr, nil
	})
}

// pullFiles lists every file of a pull request, every page.
func (g *gitHub) pullFiles(ctx context.Context, number int) ([]*github.CommitFile, error) {
	return memoDo(g.memo, fmt.Sprintf("files/%d", number), func() ([]*github.CommitFile, error) {
		var all []*github.CommitFile
		opt := &github.ListOptions{PerPage: 100}
		for {
			files, resp, err := g.client.PullRequests.ListFiles(ctx, g.owner, g.repo, number, opt)
			if err != nil {
				return nil, fmt.Errorf("failed to list files of %s#%d: %w", g.fullName(), number, err)
			}
			all = append(all, files...)
			if resp.NextPage == 0 {
				return all, nil
			}
			opt.Page = resp.NextPage
		}
	})
}

// pullCommits lists every commit of a pull request, oldest first.
func (g *gitHub) pullCommits(ctx context.Context, number int) ([]*github.RepositoryCommit, error) {
	return memoDo(g.memo, fmt.Sprintf("commits/%d", number), func() ([]*github.RepositoryCommit, error) {
		var all []*github.RepositoryCommit
		opt := &github.ListOptions{PerPage: 100}
		for {
			cs, resp, err := g.client.PullRequests.ListCommits(ctx, g.owner, g.repo, number, opt)
			if err != nil {
				return nil, fmt.Errorf("failed to list commits of %s#%d: %w", g.fullName(), number, err)
			}
			all = append(all, cs...)
			if resp.NextPage == 0 {
				return all, nil
			}
			opt.Page = resp.NextPage
		}
	})
}

// FileAt implements checks.Source.
func (g *gitHub) FileAt(ctx context.Context, ref, path string) ([]byte, bool, error) {
	type file struct {
		b     []byte
		found bool
	}
	f, err := memoDo(g.memo, "file/"+ref+"/"+path, func() (file, error) {
		fc, _, _, err := g.client.Repositories.GetContents(ctx, g.owner, g.repo, path, &github.RepositoryContentGetOptions{Ref: ref})
		if isNotFound(err) {
			return file{}, nil
		}
		if err != nil {
			return file{}, fmt.Errorf("failed to read %s at %s in %s: %w", path, checks.ShortSHA(ref), g.fullName(), err)
		}
		if fc == nil || fc.GetType() != "file" {
			return file{}, nil // a directory or a submodule: no file content here
		}
		if fc.GetEncoding() == "none" || (fc.Content == nil && fc.GetSize() > 0) {
			// The contents API leaves out files over 1 MB; the blob API has them.
			b, err := g.Blob(ctx, fc.GetSHA())
			return file{b, err == nil}, err
		}
		b, err := fc.GetContent()
		if err != nil {
			return file{}, fmt.Errorf("failed to decode %s at %s: %w", path, checks.ShortSHA(ref), err)
		}
		return file{[]byte(b), true}, nil
	})
	return f.b, f.found, err
}

// Blob implements checks.Source.
func (g *gitHub) Blob(ctx context.Context, sha string) ([]byte, error) {
	return memoDo(g.memo, "blob/"+sha, func() ([]byte, error) {
		blob, _, err := g.client.Git.GetBlob(ctx, g.owner, g.repo, sha)
		if err != nil {
			return nil, fmt.Errorf("failed to get blob %s of %s: %w", checks.ShortSHA(sha), g.fullName(), err)
		}
		if int64(blob.GetSize()) > g.maxBlobBytes {
			return nil, fmt.Errorf("blob %s of %s is %d bytes, over the %d-byte limit", checks.ShortSHA(sha), g.fullName(), blob.GetSize(), g.maxBlobBytes)
		}
		if blob.GetEncoding() != "base64" {
			return []byte(blob.GetContent()), nil
		}
		b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(blob.GetContent(), "\n", ""))
		if err != nil {
			return nil, fmt.Errorf("failed to decode blob %s of %s: %w", checks.ShortSHA(sha), g.fullName(), err)
		}
		return b, nil
	})
}

// Sizes implements checks.Source with one recursive tree read.
func (g *gitHub) Sizes(ctx context.Context, ref string) (map[string]int64, error) {
	return memoDo(g.memo, "sizes/"+ref, func() (map[string]int64, error) {
		tree, _, err := g.client.Git.GetTree(ctx, g.owner, g.repo, ref, true)
		if err != nil {
			return nil, fmt.Errorf("failed to read the tree of %s at %s: %w", g.fullName(), checks.ShortSHA(ref), err)
		}
		sizes := make(map[string]int64, len(tree.Entries))
		for _, e := range tree.Entries {
			if e.GetType() == "blob" {
				sizes[e.GetPath()] = int64(e.GetSize())
			}
		}
		return sizes, nil
	})
}

// CommitFiles implements checks.Source. A commit never changes, so its files
// are cached for the life of the process, not only the evaluation.
func (g *gitHub) CommitFiles(ctx context.Context, sha string) ([]checks.File, error) {
	key := g.fullName() + "@" + sha
	return memoDo(g.memo, "commit/"+sha, func() ([]checks.File, error) {
		if b, ok := g.commitCache.Get(key); ok {
			var files []checks.File
			if json.Unmarshal(b, &files) == nil {
				return files, nil
			}
		}
		var all []*github.CommitFile
		opt := &github.ListOptions{PerPage: 100}
		for {
			c, resp, err := g.client.Repositories.GetCommit(ctx, g.owner, g.repo, sha, opt)
			if err != nil {
				return nil, fmt.Errorf("failed to get commit %s of %s: %w", checks.ShortSHA(sha), g.fullName(), err)
			}
			all = append(all, c.Files...)
			if resp.NextPage == 0 {
				break
			}
			opt.Page = resp.NextPage
		}
		files := convertFiles(ctx, all)
		if b, err := json.Marshal(files); err == nil {
			g.commitCache.Set(key, b)
		}
		return files, nil
	})
}

func isNotFound(err error) bool {
	var ge *github.ErrorResponse
	return errors.As(err, &ge) && ge.Response != nil && ge.Response.StatusCode == http.StatusNotFound
}
