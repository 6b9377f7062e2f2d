package githubtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestPullRequestFilesPaginateAcrossPages(t *testing.T) {
	f := newPRFixture(t)
	changes := map[string]*string{}
	for i := 0; i < 70; i++ {
		changes[fmt.Sprintf("docs/%03d.md", i)] = Content(fmt.Sprintf("doc %d\n", i))
	}
	f.repo.Commit("feature", "Add docs", "bob", changes)

	var names []string
	opts := &github.ListOptions{PerPage: 30}
	pages := 0
	for {
		files, resp, err := f.gh.PullRequests.ListFiles(f.ctx, "octo-org", "widgets", 1, opts)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if resp.LastPage != 0 && resp.LastPage != 3 {
			t.Errorf("page %d: last page %d, want 3", pages, resp.LastPage)
		}
		link := resp.Header.Get("Link")
		if pages > 1 && (!strings.Contains(link, `rel="prev"`) || !strings.Contains(link, `rel="first"`)) {
			t.Errorf("page %d Link lacks prev/first: %s", pages, link)
		}
		for _, fl := range files {
			names = append(names, fl.GetFilename())
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if pages != 3 || len(names) != 72 {
		t.Fatalf("got %d files in %d pages, want 72 in 3", len(names), pages)
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("files not sorted or repeated: %q then %q", names[i-1], names[i])
		}
	}
}

func TestPullRequestFilesCapAt3000(t *testing.T) {
	s := New(t)
	repo := s.AddRepo("octo-org", "widgets")
	repo.CreateBranch("big", "main")
	repo.Commit("big", "Add 3001 files", "bob", manyFiles(3001, "x"))
	s.OpenPR(repo, PROptions{Head: "big", Author: "bob"})
	gh := newGitHub(t, s, nil, false)
	ctx := t.Context()

	pr := res(gh.PullRequests.Get(ctx, "octo-org", "widgets", 1)).must(t)
	if pr.GetChangedFiles() != 3001 {
		t.Errorf("changed_files = %d, want the true count 3001", pr.GetChangedFiles())
	}
	total := 0
	opts := &github.ListOptions{PerPage: 100}
	for {
		files, resp, err := gh.PullRequests.ListFiles(ctx, "octo-org", "widgets", 1, opts)
		if err != nil {
			t.Fatal(err)
		}
		total += len(files)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if total != 3000 {
		t.Errorf("listed %d files, want GitHub's cap of 3000", total)
	}
}

func TestPullRequestFileStatuses(t *testing.T) {
	s := New(t, ValidateResponses(), PatchLimits(1<<20, 50))
	repo := s.AddRepo("octo-org", "widgets")
	big := strings.Repeat("line\n", 10)
	repo.Commit("main", "base", "alice", map[string]*string{
		"old/name.txt": Content("moved content\n"),
		"gone.txt":     Content("bye\n"),
		"logo.png":     Content("\x89PNG\x00\x01"),
		"big.txt":      Content(big),
	})
	repo.CreateBranch("feature", "main")
	repo.Commit("feature", "changes", "bob", map[string]*string{
		"old/name.txt": nil,
		"new/name.txt": Content("moved content\n"),
		"gone.txt":     nil,
		"logo.png":     Content("\x89PNG\x00\x02"),
		"big.txt":      Content(strings.Repeat("LINE\n", 100)),
	})
	s.OpenPR(repo, PROptions{Head: "feature", Author: "bob"})
	gh := newGitHub(t, s, nil, false)
	files := res(gh.PullRequests.ListFiles(t.Context(), "octo-org", "widgets", 1, nil)).must(t)
	got := map[string]*github.CommitFile{}
	for _, f := range files {
		got[f.GetFilename()] = f
	}
	tests := []struct {
		name, status, previous string
		hasPatch               bool
		adds, dels             int
	}{
		{name: "new/name.txt", status: "renamed", previous: "old/name.txt"},
		{name: "gone.txt", status: "removed", hasPatch: true, dels: 1},
		{name: "logo.png", status: "modified"},
		{name: "big.txt", status: "modified", adds: 100, dels: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := got[tt.name]
			if f == nil {
				t.Fatalf("missing from %d files", len(files))
			}
			if f.GetStatus() != tt.status || f.GetPreviousFilename() != tt.previous {
				t.Errorf("status %q previous %q, want %q %q", f.GetStatus(), f.GetPreviousFilename(), tt.status, tt.previous)
			}
			if (f.Patch != nil) != tt.hasPatch {
				t.Errorf("patch present = %v, want %v", f.Patch != nil, tt.hasPatch)
			}
			if f.GetAdditions() != tt.adds || f.GetDeletions() != tt.dels || f.GetChanges() != tt.adds+tt.dels {
				t.Errorf("+%d -%d (%d), want +%d -%d", f.GetAdditions(), f.GetDeletions(), f.GetChanges(), tt.adds, tt.dels)
			}
			if len(f.GetSHA()) != 40 || !strings.Contains(f.GetContentsURL(), "/contents/") {
				t.Errorf("sha %q contents_url %q", f.GetSHA(), f.GetContentsURL())
			}
		})
	}
	if sha := got["gone.txt"].GetSHA(); sha != BlobSHA([]byte("bye\n")) {
		t.Errorf("removed file sha %s, want the git blob id of its last content", sha)
	}
}

func TestPullRequestFollowsPushes(t *testing.T) {
	f := newPRFixture(t)
	first := res(f.gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)).must(t)
	newHead := f.repo.Push("feature", "More", "bob", map[string]*string{"b.txt": Content("b\n")})
	f.repo.Commit("main", "Moves main", "alice", map[string]*string{"c.txt": Content("c\n")})
	pr := res(f.gh.PullRequests.Get(f.ctx, "octo-org", "widgets", 1)).must(t)
	if pr.GetHead().GetSHA() != newHead || first.GetHead().GetSHA() == newHead {
		t.Errorf("head.sha %s, want %s", pr.GetHead().GetSHA(), newHead)
	}
	if pr.GetBase().GetSHA() != first.GetBase().GetSHA() {
		t.Errorf("base.sha moved from %s to %s; it is fixed at open", first.GetBase().GetSHA(), pr.GetBase().GetSHA())
	}
	if pr.GetCommits() != 2 || pr.GetChangedFiles() != 3 || pr.GetAdditions() != 5 || pr.GetDeletions() != 1 {
		t.Errorf("commits %d changed_files %d +%d -%d, want 2 3 +5 -1", pr.GetCommits(), pr.GetChangedFiles(), pr.GetAdditions(), pr.GetDeletions())
	}
	commits := res(f.gh.PullRequests.ListCommits(f.ctx, "octo-org", "widgets", 1, nil)).must(t)
	if len(commits) != 2 || commits[1].GetSHA() != newHead || commits[0].GetCommit().GetMessage() != "Change things" {
		t.Errorf("commits not oldest first ending at the head: %d", len(commits))
	}
	open := res(f.gh.PullRequests.List(f.ctx, "octo-org", "widgets", &github.PullRequestListOptions{Head: "octo-org:feature"})).must(t)
	none := res(f.gh.PullRequests.List(f.ctx, "octo-org", "widgets", &github.PullRequestListOptions{Base: "other"})).must(t)
	if len(open) != 1 || len(none) != 0 {
		t.Errorf("list filters: head match %d, base mismatch %d", len(open), len(none))
	}
}

func TestForkPullRequest(t *testing.T) {
	s := New(t, ValidateResponses())
	repo := s.AddRepo("octo-org", "widgets")
	repo.Commit("main", "base", "alice", map[string]*string{"a.txt": Content("a\n")})
	fork := repo.Fork("mallory")
	fork.CreateBranch("patch-1", "main")
	head := fork.Commit("patch-1", "evil", "mallory", map[string]*string{"a.txt": Content("evil\n")})
	s.OpenPR(repo, PROptions{Head: "patch-1", HeadRepo: fork, Author: "mallory"})
	gh := newGitHub(t, s, nil, true)
	pr := res(gh.PullRequests.Get(t.Context(), "octo-org", "widgets", 1)).must(t)
	if pr.GetHead().GetRepo().GetFullName() != "mallory/widgets" || pr.GetHead().GetLabel() != "mallory:patch-1" || !pr.GetHead().GetRepo().GetFork() {
		t.Errorf("head repo %s label %s", pr.GetHead().GetRepo().GetFullName(), pr.GetHead().GetLabel())
	}
	// The fork's commit is readable through the base repository, as on GitHub.
	c := res(gh.Repositories.GetCommit(t.Context(), "octo-org", "widgets", head, nil)).must(t)
	if len(c.Files) != 1 || c.Files[0].GetPatch() != "@@ -1 +1 @@\n-a\n+evil" {
		t.Errorf("commit files %+v", c.Files)
	}
	cmp := res(gh.Repositories.CompareCommits(t.Context(), "octo-org", "widgets", "main", "mallory:patch-1", nil)).must(t)
	if cmp.GetStatus() != "ahead" || cmp.GetAheadBy() != 1 || len(cmp.Files) != 1 {
		t.Errorf("compare: %s ahead %d files %d", cmp.GetStatus(), cmp.GetAheadBy(), len(cmp.Files))
	}
	run := res(gh.Checks.CreateCheckRun(t.Context(), "octo-org", "widgets", github.CreateCheckRunOptions{Name: "gatehouse", HeadSHA: head})).must(t)
	if len(run.PullRequests) != 0 {
		t.Errorf("a fork PR's check run lists %d pull requests; GitHub lists none", len(run.PullRequests))
	}
}

func TestGetCommitFilesPaginate(t *testing.T) {
	s := New(t)
	repo := s.AddRepo("octo-org", "widgets")
	sha := repo.Commit("main", "many", "alice", manyFiles(350, "v"))
	gh := newGitHub(t, s, nil, false)
	c, resp, err := gh.Repositories.GetCommit(t.Context(), "octo-org", "widgets", sha, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) != 300 || resp.NextPage != 2 || c.GetStats().GetAdditions() != 350*40 {
		t.Errorf("first page %d files next %d additions %d", len(c.Files), resp.NextPage, c.GetStats().GetAdditions())
	}
	c2 := res(gh.Repositories.GetCommit(t.Context(), "octo-org", "widgets", sha, &github.ListOptions{Page: 2})).must(t)
	if len(c2.Files) != 50 || c2.GetSHA() != sha {
		t.Errorf("second page %d files", len(c2.Files))
	}
	_, resp, err = gh.Repositories.GetCommit(t.Context(), "octo-org", "widgets", strings.Repeat("ab", 20), nil)
	if err == nil || resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown sha: %v", err)
	}
}
