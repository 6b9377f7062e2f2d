package evaluation

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// GitHub's hard limits: the files API lists at most 3,000 files of a pull
// request and the commits API at most 250 commits. Past them Gatehouse cannot
// see the whole change, so it says so and fails closed.
const (
	maxListedFiles   = 3000
	maxListedCommits = 250
)

// gatherChangeSet reads what the pull request changes. Commit diffs and file
// contents are left to the checks, which read them through the change set's
// memoised Source only when their policy needs them.
func gatherChangeSet(ctx context.Context, g githubio.Reader, pr *github.PullRequest) (*checks.ChangeSet, error) {
	cs := &checks.ChangeSet{
		Repo:    g.FullName(),
		Number:  pr.GetNumber(),
		Title:   pr.GetTitle(),
		Body:    pr.GetBody(),
		Author:  pr.GetUser().GetLogin(),
		BaseRef: pr.GetBase().GetRef(),
		BaseSHA: pr.GetBase().GetSHA(),
		HeadSHA: pr.GetHead().GetSHA(),
		Source:  g,
	}
	files, err := g.PullFiles(ctx, pr.GetNumber())
	if err != nil {
		return nil, err
	}
	cs.Files = githubio.ConvertFiles(ctx, files)
	if n := pr.GetChangedFiles(); n > len(files) || len(files) >= maxListedFiles && n == 0 {
		cs.Limits = append(cs.Limits, fmt.Sprintf("this pull request changes %d files but GitHub lists only the first %d, so Gatehouse cannot see the rest; split it into smaller pull requests", n, len(files)))
	}
	commits, err := g.PullCommits(ctx, pr.GetNumber())
	if err != nil {
		return nil, err
	}
	for _, c := range commits {
		cs.Commits = append(cs.Commits, checks.Commit{
			SHA:     c.GetSHA(),
			Message: c.GetCommit().GetMessage(),
			Author:  c.GetAuthor().GetLogin(),
		})
	}
	if n := pr.GetCommits(); n > len(commits) || len(commits) >= maxListedCommits && n == 0 {
		cs.Limits = append(cs.Limits, fmt.Sprintf("this pull request has %d commits but GitHub lists only the first %d, so Gatehouse cannot scan the rest; squash or split it", n, len(commits)))
	}
	return cs, nil
}
