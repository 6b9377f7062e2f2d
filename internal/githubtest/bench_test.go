package githubtest

import (
	"testing"

	"github.com/google/go-github/v60/github"
)

// BenchmarkServerAndEvaluation measures what one end-to-end test pays: a new
// server with a PR, and the calls of one evaluation (PR, files, commits,
// config lookup, four check runs created and completed, a comment).
func BenchmarkServerAndEvaluation(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := New(b)
		repo := s.AddRepo("octo-org", "widgets")
		repo.Commit("main", "base", "alice", manyFiles(20, "a"))
		repo.CreateBranch("feature", "main")
		repo.Commit("feature", "change", "bob", manyFiles(20, "b"))
		s.OpenPR(repo, PROptions{Head: "feature", Author: "bob"})
		gh := newBenchGitHub(b, s)
		ctx := b.Context()
		pr, _, err := gh.PullRequests.Get(ctx, "octo-org", "widgets", 1)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := gh.PullRequests.ListFiles(ctx, "octo-org", "widgets", 1, &github.ListOptions{PerPage: 100}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := gh.PullRequests.ListCommits(ctx, "octo-org", "widgets", 1, &github.ListOptions{PerPage: 100}); err != nil {
			b.Fatal(err)
		}
		_, _, _, _ = gh.Repositories.GetContents(ctx, "octo-org", "widgets", ".security.yml", nil)
		for _, name := range []string{"gatehouse", "gatehouse/secrets", "gatehouse/dependencies", "gatehouse/dlp"} {
			run, _, err := gh.Checks.CreateCheckRun(ctx, "octo-org", "widgets", github.CreateCheckRunOptions{Name: name, HeadSHA: pr.GetHead().GetSHA(), Status: github.String("in_progress")})
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := gh.Checks.UpdateCheckRun(ctx, "octo-org", "widgets", run.GetID(), github.UpdateCheckRunOptions{
				Name: name, Conclusion: github.String("success"),
				Output: &github.CheckRunOutput{Title: github.String("ok"), Summary: github.String("ok")},
			}); err != nil {
				b.Fatal(err)
			}
		}
		if _, _, err := gh.Issues.CreateComment(ctx, "octo-org", "widgets", 1, &github.IssueComment{Body: github.String("done")}); err != nil {
			b.Fatal(err)
		}
		s.close()
	}
}
