package main

import (
	"context"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/secrets"
	"github.com/gatehouse-sec/gatehouse/local"
)

// scanPushed finds which of the commits that introduced a secret a
// remote-tracking branch holds, so that the report advises what is true:
// rotate a pushed secret, rewrite an unpushed commit, unstage a staged one.
func scanPushed(ctx context.Context, repo *local.Repo, rg *local.Range, outcomes []checks.Outcome) (map[string]string, error) {
	pushed := map[string]string{}
	seen := map[string]bool{}
	for _, o := range outcomes {
		if o.Result == nil || o.Name != secrets.Name {
			continue
		}
		for _, f := range o.Result.Findings {
			sha := f.Commit
			if sha == "" {
				sha = rg.HeadSHA
			}
			if f.Waived != "" || sha == local.Staged || seen[sha] {
				continue
			}
			seen[sha] = true
			branch, ok, err := repo.RemoteBranchContaining(ctx, sha)
			if err != nil {
				return nil, err
			}
			if ok {
				pushed[sha] = branch
			}
		}
	}
	return pushed, nil
}
