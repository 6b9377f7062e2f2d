package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

var _ checks.Source = (*Repo)(nil)

// fileAt is one FileAt answer.
type fileAt struct {
	content []byte
	found   bool
}

// FileAt implements checks.Source. ref is a commit SHA, or Staged for the
// index; an empty ref (the base of a range that starts at the root of
// history) has no files.
func (r *Repo) FileAt(ctx context.Context, ref, path string) ([]byte, bool, error) {
	if ref == "" || path == "" {
		return nil, false, nil
	}
	name := ref + ":" + path
	if ref == Staged {
		name = ":" + path
	}
	f, err := memo.Go(ctx, r.files, name, func() (fileAt, error) {
		obj, err := r.cat.get(name)
		switch {
		case errors.Is(err, errMissing):
		case err != nil:
			return fileAt{}, fmt.Errorf("failed to read %s at %s: %w", path, shortSHA(ref), err)
		case obj.typ == "blob":
			return fileAt{obj.content, true}, nil
		}
		return fileAt{}, nil
	})
	return f.content, f.found, err
}

// Blob implements checks.Source.
func (r *Repo) Blob(ctx context.Context, sha string) ([]byte, error) {
	if !isObjectID(sha) {
		return nil, fmt.Errorf("%q is not a blob id", sha)
	}
	return memo.Go(ctx, r.blobs, sha, func() ([]byte, error) { return r.readBlob(sha) })
}

// readBlob reads a blob through the cat-file process, unmemoised.
func (r *Repo) readBlob(sha string) ([]byte, error) {
	obj, err := r.cat.get(sha)
	switch {
	case errors.Is(err, errMissing):
		return nil, fmt.Errorf("blob %s is not in the repository", shortSHA(sha))
	case err != nil:
		return nil, fmt.Errorf("failed to read blob %s: %w", shortSHA(sha), err)
	case obj.typ != "blob":
		return nil, fmt.Errorf("object %s is a %s, not a blob", shortSHA(sha), obj.typ)
	}
	return obj.content, nil
}

// Sizes implements checks.Source: the size of every file at a commit (from
// `git ls-tree -r -l`), or in the index for Staged. Submodules have no size
// and are left out.
func (r *Repo) Sizes(ctx context.Context, ref string) (map[string]int64, error) {
	if ref == "" {
		return map[string]int64{}, nil
	}
	if ref != Staged && !isObjectID(ref) {
		return nil, fmt.Errorf("%q is not a commit id", ref)
	}
	return memo.Go(ctx, r.sizes, ref, func() (map[string]int64, error) {
		if ref == Staged {
			return r.indexSizes(r.ctx)
		}
		return r.treeSizes(r.ctx, ref)
	})
}

func (r *Repo) treeSizes(ctx context.Context, ref string) (map[string]int64, error) {
	out, err := r.run(ctx, "ls-tree", "-r", "-l", "-z", "--full-tree", ref)
	if err != nil {
		return nil, fmt.Errorf("failed to list the files at %s: %w", shortSHA(ref), err)
	}
	sizes := map[string]int64{}
	for _, rec := range bytes.Split(out, []byte{0}) {
		// "<mode> <type> <object> <size>\t<path>"
		meta, path, ok := strings.Cut(string(rec), "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 4 || f[1] != "blob" {
			continue
		}
		if n, err := strconv.ParseInt(f[3], 10, 64); err == nil {
			sizes[path] = n
		}
	}
	return sizes, nil
}

// indexSizes lists the index (stage 0 only: a conflicted path has no single
// content) and asks git for the size of each blob.
func (r *Repo) indexSizes(ctx context.Context) (map[string]int64, error) {
	out, err := r.run(ctx, "ls-files", "--stage", "-z", "--full-name")
	if err != nil {
		return nil, fmt.Errorf("failed to list the index: %w", err)
	}
	paths := map[string][]string{} // blob → paths
	var ids []string
	for _, rec := range bytes.Split(out, []byte{0}) {
		// "<mode> <object> <stage>\t<path>"
		meta, path, ok := strings.Cut(string(rec), "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 || f[2] != "0" || f[0] == gitlinkMode {
			continue
		}
		if _, seen := paths[f[1]]; !seen {
			ids = append(ids, f[1])
		}
		paths[f[1]] = append(paths[f[1]], path)
	}
	sizes := map[string]int64{}
	if len(ids) == 0 {
		return sizes, nil
	}
	bySHA, err := r.batchCheck(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("failed to read the sizes of staged files: %w", err)
	}
	for id, ps := range paths {
		if n, ok := bySHA[id]; ok {
			for _, p := range ps {
				sizes[p] = n
			}
		}
	}
	return sizes, nil
}
