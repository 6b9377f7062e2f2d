package githubio

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

var _ checks.Source = (*Repo)(nil)

// FileAt implements checks.Source.
func (g *Repo) FileAt(ctx context.Context, ref, path string) ([]byte, bool, error) {
	type file struct {
		b     []byte
		found bool
	}
	f, err := memo.Do(g.memo, "file/"+ref+"/"+path, func() (file, error) {
		fc, _, _, err := g.client.Repositories.GetContents(ctx, g.owner, g.name, path, &github.RepositoryContentGetOptions{Ref: ref})
		if isNotFound(err) {
			return file{}, nil
		}
		if err != nil {
			return file{}, fmt.Errorf("failed to read %s at %s in %s: %w", path, checks.ShortSHA(ref), g.FullName(), err)
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
func (g *Repo) Blob(ctx context.Context, sha string) ([]byte, error) {
	return memo.Do(g.memo, "blob/"+sha, func() ([]byte, error) {
		blob, _, err := g.client.Git.GetBlob(ctx, g.owner, g.name, sha)
		if err != nil {
			return nil, fmt.Errorf("failed to get blob %s of %s: %w", checks.ShortSHA(sha), g.FullName(), err)
		}
		if int64(blob.GetSize()) > g.maxBlobBytes {
			return nil, fmt.Errorf("blob %s of %s is %d bytes, over the %d-byte limit", checks.ShortSHA(sha), g.FullName(), blob.GetSize(), g.maxBlobBytes)
		}
		if blob.GetEncoding() != "base64" {
			return []byte(blob.GetContent()), nil
		}
		b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(blob.GetContent(), "\n", ""))
		if err != nil {
			return nil, fmt.Errorf("failed to decode blob %s of %s: %w", checks.ShortSHA(sha), g.FullName(), err)
		}
		return b, nil
	})
}

// Sizes implements checks.Source with one recursive tree read.
func (g *Repo) Sizes(ctx context.Context, ref string) (map[string]int64, error) {
	return memo.Do(g.memo, "sizes/"+ref, func() (map[string]int64, error) {
		tree, _, err := g.client.Git.GetTree(ctx, g.owner, g.name, ref, true)
		if err != nil {
			return nil, fmt.Errorf("failed to read the tree of %s at %s: %w", g.FullName(), checks.ShortSHA(ref), err)
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
func (g *Repo) CommitFiles(ctx context.Context, sha string) ([]checks.File, error) {
	key := g.FullName() + "@" + sha
	return memo.Do(g.memo, "commit/"+sha, func() ([]checks.File, error) {
		if b, ok := g.cache.commits.Get(key); ok {
			var files []checks.File
			if json.Unmarshal(b, &files) == nil {
				return files, nil
			}
		}
		all, err := allPages(func(opt github.ListOptions) ([]*github.CommitFile, *github.Response, error) {
			c, resp, err := g.client.Repositories.GetCommit(ctx, g.owner, g.name, sha, &opt)
			if err != nil {
				return nil, resp, err
			}
			return c.Files, resp, nil
		})
		if err != nil {
			return nil, fmt.Errorf("failed to get commit %s of %s: %w", checks.ShortSHA(sha), g.FullName(), err)
		}
		files := ConvertFiles(ctx, all)
		if b, err := json.Marshal(files); err == nil {
			g.cache.commits.Set(key, b)
		}
		return files, nil
	})
}
