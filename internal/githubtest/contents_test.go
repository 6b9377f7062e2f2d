package githubtest

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestContents(t *testing.T) {
	f := newPRFixture(t)
	long := string(make([]byte, 200))
	f.repo.Commit("main", "more", "alice", map[string]*string{".github/workflows/ci.yml": Content("on: push\n"), "bin.dat": Content(long)})

	file, dir, _, err := f.gh.Repositories.GetContents(f.ctx, "octo-org", "widgets", ".github/workflows/ci.yml", &github.RepositoryContentGetOptions{Ref: "main"})
	if err != nil || dir != nil {
		t.Fatalf("file: %v", err)
	}
	text, err := file.GetContent()
	if err != nil || text != "on: push\n" || file.GetSHA() != BlobSHA([]byte("on: push\n")) || file.GetType() != "file" {
		t.Errorf("content %q sha %s err %v", text, file.GetSHA(), err)
	}
	bin, _, _, err := f.gh.Repositories.GetContents(f.ctx, "octo-org", "widgets", "bin.dat", nil)
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := bin.GetContent(); raw != long {
		t.Errorf("base64 wrapped at 60 columns did not round-trip: %d bytes", len(raw))
	}
	_, root, _, err := f.gh.Repositories.GetContents(f.ctx, "octo-org", "widgets", "", nil)
	if err != nil || len(root) != 3 || root[0].GetType() != "dir" || root[0].GetName() != ".github" {
		t.Errorf("root listing: %d entries, err %v", len(root), err)
	}
	onBranch, _, _, err := f.gh.Repositories.GetContents(f.ctx, "octo-org", "widgets", "src/main.go", &github.RepositoryContentGetOptions{Ref: f.pr.HeadSHA()})
	if err != nil || onBranch.GetPath() != "src/main.go" {
		t.Errorf("file at the head SHA: %v", err)
	}

	for _, path := range []string{"missing.yml", "src/main.go"} { // src/main.go is absent from main
		_, _, resp, err := f.gh.Repositories.GetContents(f.ctx, "octo-org", "widgets", path, nil)
		var er *github.ErrorResponse
		if !errors.As(err, &er) || resp.StatusCode != http.StatusNotFound || er.Message != "Not Found" {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestGitObjects(t *testing.T) {
	f := newPRFixture(t)
	head := f.pr.HeadSHA()
	tree := res(f.gh.Git.GetTree(f.ctx, "octo-org", "widgets", head, true)).must(t)
	sizes := map[string]int{}
	for _, e := range tree.Entries {
		sizes[e.GetPath()+":"+e.GetType()] = e.GetSize()
	}
	if len(tree.Entries) != 3 || sizes["src:tree"] != 0 || sizes["src/main.go:blob"] != len("package main\n\nfunc main() {}\n") {
		t.Errorf("recursive tree %v", sizes)
	}
	top := res(f.gh.Git.GetTree(f.ctx, "octo-org", "widgets", tree.GetSHA(), false)).must(t)
	if len(top.Entries) != 2 {
		t.Errorf("non-recursive tree has %d entries", len(top.Entries))
	}
	blob := res(f.gh.Git.GetBlob(f.ctx, "octo-org", "widgets", BlobSHA([]byte("# widgets\n\nhello, world\n")))).must(t)
	if blob.GetEncoding() != "base64" || blob.GetSize() != len("# widgets\n\nhello, world\n") {
		t.Errorf("blob %s %d", blob.GetEncoding(), blob.GetSize())
	}
	if _, resp, err := f.gh.Git.GetBlob(f.ctx, "octo-org", "widgets", BlobSHA([]byte("nope"))); err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown blob: %v", err)
	}
}
