package evaluation

import (
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

// processCache keeps the names the check-run step uses.
// TRANSITIONAL, as gitHub.
type processCache struct{ *githubio.ProcessCache }

func (c *processCache) getRuns(key string) map[string]*github.CheckRun { return c.Runs(key) }

func (c *processCache) putRuns(key string, runs map[string]*github.CheckRun) { c.PutRuns(key, runs) }
