package handlers

import (
	"context"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/githubio"
)

// gitHub is one evaluation's githubio.Repo, with the client that the steps
// not yet moved to githubio's Reader and Publisher still call directly.
// TRANSITIONAL: goes once those steps are moved (issue 19, item 2).
type gitHub struct {
	*githubio.Repo
	client      *github.Client
	owner, repo string
}

func newGitHub(client *github.Client, owner, repo string, cache *githubio.ProcessCache) *gitHub {
	return &gitHub{Repo: githubio.NewRepo(client, owner, repo, cache), client: client, owner: owner, repo: repo}
}

func (g *gitHub) fullName() string { return g.FullName() }

func (g *gitHub) reviews(ctx context.Context, number int) ([]*github.PullRequestReview, error) {
	return g.Reviews(ctx, number)
}

// processCache and commentMemo keep the names those steps use.
// TRANSITIONAL, as gitHub.
type processCache struct{ *githubio.ProcessCache }

type commentMemo struct {
	id   int64
	body string
}

func (c *processCache) getRuns(key string) map[string]*github.CheckRun { return c.Runs(key) }

func (c *processCache) putRuns(key string, runs map[string]*github.CheckRun) { c.PutRuns(key, runs) }

func (c *processCache) comment(key string) (commentMemo, bool) {
	m, ok := c.Comment(key)
	return commentMemo{id: m.ID, body: m.Body}, ok
}

func (c *processCache) setComment(key string, m commentMemo) {
	c.SetComment(key, githubio.CommentMemo{ID: m.id, Body: m.body})
}
