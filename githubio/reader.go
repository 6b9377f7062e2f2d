package githubio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/appconfig"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/internal/memo"
)

// Reader is what an evaluation reads of one repository. Every read is
// memoised for the evaluation unless its doc says otherwise.
type Reader interface {
	checks.Source
	// Owner is the repository's owner; FullName is "owner/name".
	Owner() string
	FullName() string
	// PullRequest reads a pull request.
	PullRequest(ctx context.Context, number int) (*github.PullRequest, error)
	// PullFiles lists every file a pull request changes (GitHub lists 3,000 at most).
	PullFiles(ctx context.Context, number int) ([]*github.CommitFile, error)
	// PullCommits lists a pull request's commits, oldest first (250 at most).
	PullCommits(ctx context.Context, number int) ([]*github.RepositoryCommit, error)
	// Reviews lists a pull request's reviews, oldest first.
	Reviews(ctx context.Context, number int) ([]*github.PullRequestReview, error)
	// IssueEvents lists a pull request's timeline events (not memoised).
	IssueEvents(ctx context.Context, number int) ([]*github.IssueEvent, error)
	// FindComment returns the first comment on a pull request that match
	// accepts, or nil (not memoised).
	FindComment(ctx context.Context, number int, match func(*github.IssueComment) bool) (*github.IssueComment, error)
	// TeamMember reports whether login is an active member of org/slug;
	// ErrMembersUnreadable when the App may not read membership.
	TeamMember(ctx context.Context, org, slug, login string) (bool, error)
	// CheckRuns finds the latest check run of each name on sha, made by the
	// App appID (0: any app). Not memoised: runs change during an evaluation.
	CheckRuns(ctx context.Context, sha string, appID int64) (map[string]*github.CheckRun, error)
	// PolicyFile reads the policy file at ref, else in the owner's .github
	// repository; a Config that IsUndefined when neither has one.
	PolicyFile(ctx context.Context, ref string, now func() time.Time) (appconfig.Config, error)
}

// ErrMembersUnreadable means the App may not read team membership.
var ErrMembersUnreadable = errors.New("the App cannot read team membership")

// PullRequest implements Reader.
func (g *Repo) PullRequest(ctx context.Context, number int) (*github.PullRequest, error) {
	return memo.Do(g.memo, fmt.Sprintf("pr/%d", number), func() (*github.PullRequest, error) {
		pr, _, err := g.client.PullRequests.Get(ctx, g.owner, g.name, number)
		if err != nil {
			return nil, fmt.Errorf("failed to get %s#%d: %w", g.FullName(), number, err)
		}
		return pr, nil
	})
}

// PullFiles implements Reader.
func (g *Repo) PullFiles(ctx context.Context, number int) ([]*github.CommitFile, error) {
	return pullList(g, "files", number, func(opt github.ListOptions) ([]*github.CommitFile, *github.Response, error) {
		return g.client.PullRequests.ListFiles(ctx, g.owner, g.name, number, &opt)
	})
}

// PullCommits implements Reader.
func (g *Repo) PullCommits(ctx context.Context, number int) ([]*github.RepositoryCommit, error) {
	return pullList(g, "commits", number, func(opt github.ListOptions) ([]*github.RepositoryCommit, *github.Response, error) {
		return g.client.PullRequests.ListCommits(ctx, g.owner, g.name, number, &opt)
	})
}

// Reviews implements Reader.
func (g *Repo) Reviews(ctx context.Context, number int) ([]*github.PullRequestReview, error) {
	return pullList(g, "reviews", number, func(opt github.ListOptions) ([]*github.PullRequestReview, *github.Response, error) {
		return g.client.PullRequests.ListReviews(ctx, g.owner, g.name, number, &opt)
	})
}

// pullList reads every page of one of a pull request's lists (its files,
// commits or reviews), once per evaluation.
func pullList[T any](g *Repo, what string, number int, list func(github.ListOptions) ([]T, *github.Response, error)) ([]T, error) {
	return memo.Do(g.memo, fmt.Sprintf("%s/%d", what, number), func() ([]T, error) {
		all, err := allPages(list)
		if err != nil {
			return nil, fmt.Errorf("failed to list %s of %s#%d: %w", what, g.FullName(), number, err)
		}
		return all, nil
	})
}

// IssueEvents implements Reader.
func (g *Repo) IssueEvents(ctx context.Context, number int) ([]*github.IssueEvent, error) {
	all, err := allPages(func(opt github.ListOptions) ([]*github.IssueEvent, *github.Response, error) {
		return g.client.Issues.ListIssueEvents(ctx, g.owner, g.name, number, &opt)
	})
	if err != nil {
		return nil, fmt.Errorf("failed to list events of %s#%d: %w", g.FullName(), number, err)
	}
	return all, nil
}

// FindComment implements Reader. It stops reading at the first match.
func (g *Repo) FindComment(ctx context.Context, number int, match func(*github.IssueComment) bool) (*github.IssueComment, error) {
	var found *github.IssueComment
	err := eachPage(func(opt github.ListOptions) ([]*github.IssueComment, *github.Response, error) {
		return g.client.Issues.ListComments(ctx, g.owner, g.name, number, &github.IssueListCommentsOptions{ListOptions: opt})
	}, func(cs []*github.IssueComment) bool {
		for _, c := range cs {
			if match(c) {
				found = c
				return false
			}
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("failed to list comments of %s#%d: %w", g.FullName(), number, err)
	}
	return found, nil
}

// TeamMember implements Reader.
func (g *Repo) TeamMember(ctx context.Context, org, slug, login string) (bool, error) {
	return memo.Do(g.memo, "member/"+org+"/"+slug+"/"+strings.ToLower(login), func() (bool, error) {
		m, resp, err := g.client.Teams.GetTeamMembershipBySlug(ctx, org, slug, login)
		switch {
		case resp != nil && resp.StatusCode == http.StatusNotFound:
			return false, nil
		case resp != nil && resp.StatusCode == http.StatusForbidden:
			return false, ErrMembersUnreadable
		case err != nil:
			return false, fmt.Errorf("failed to read the membership of %s in %s/%s: %w", login, org, slug, err)
		}
		return m.GetState() == "active", nil
	})
}

// CheckRuns implements Reader.
func (g *Repo) CheckRuns(ctx context.Context, sha string, appID int64) (map[string]*github.CheckRun, error) {
	out := map[string]*github.CheckRun{}
	err := eachPage(func(opt github.ListOptions) ([]*github.CheckRun, *github.Response, error) {
		o := &github.ListCheckRunsOptions{Filter: github.String("latest"), ListOptions: opt}
		if appID != 0 {
			o.AppID = github.Int64(appID)
		}
		res, resp, err := g.client.Checks.ListCheckRunsForRef(ctx, g.owner, g.name, sha, o)
		if err != nil {
			return nil, resp, err
		}
		return res.CheckRuns, resp, nil
	}, func(runs []*github.CheckRun) bool {
		for _, run := range runs {
			if appID != 0 && run.GetApp().GetID() != 0 && run.GetApp().GetID() != appID {
				continue
			}
			if prev, ok := out[run.GetName()]; !ok || run.GetID() > prev.GetID() {
				out[run.GetName()] = run
			}
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("failed to list check runs of %s: %w", checks.ShortSHA(sha), err)
	}
	return out, nil
}

// policyLoader reads the policy file from a repository, falling back to the
// organisation's .github repository. Remote references are off: a policy is
// exactly the file reviewers see.
var policyLoader = appconfig.NewLoader([]string{config.FileName},
	appconfig.WithOwnerDefault(".github", []string{config.FileName}),
	appconfig.WithRemoteRefParser(nil))

// PolicyFile implements Reader. A recent "no file here" is remembered for a
// minute across evaluations: GitHub sends no ETag on a 404.
func (g *Repo) PolicyFile(ctx context.Context, ref string, now func() time.Time) (appconfig.Config, error) {
	key := g.FullName() + "@" + ref
	if g.cache.recentMiss(key, now()) {
		return appconfig.Config{}, nil
	}
	c, err := policyLoader.LoadConfig(ctx, g.client, g.owner, g.name, ref)
	if err != nil {
		// On an error the loader's Config may name neither file nor source.
		return c, fmt.Errorf("failed to read %s of %s at %s: %w", config.FileName, g.FullName(), ref, err)
	}
	g.cache.setMiss(key, now(), c.IsUndefined())
	return c, nil
}

// OpenPullsWithHead lists the open pull requests whose head is sha (not memoised).
func (g *Repo) OpenPullsWithHead(ctx context.Context, sha string) ([]int, error) {
	var out []int
	err := eachPage(func(opt github.ListOptions) ([]*github.PullRequest, *github.Response, error) {
		return g.client.PullRequests.List(ctx, g.owner, g.name, &github.PullRequestListOptions{State: "open", ListOptions: opt})
	}, func(prs []*github.PullRequest) bool {
		for _, pr := range prs {
			if pr.GetHead().GetSHA() == sha {
				out = append(out, pr.GetNumber())
			}
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("failed to list open pull requests of %s: %w", g.FullName(), err)
	}
	return out, nil
}
