package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/palantir/go-githubapp/appconfig"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/config"
)

// newPolicyLoader reads .security.yml from a repository, falling back to the
// organisation's .github repository. Remote references are off: a policy is
// exactly the file reviewers see.
func newPolicyLoader() *appconfig.Loader {
	return appconfig.NewLoader([]string{config.FileName},
		appconfig.WithOwnerDefault(".github", []string{config.FileName}),
		appconfig.WithRemoteRefParser(nil))
}

// loadPolicy reads the policy that governs a pull request: the base branch's,
// never the head's, so that a pull request cannot weaken its own gate. No file
// anywhere means the secure defaults; a file that cannot be read (after the
// transport's retries) or parsed is an error that fails the gate.
func loadPolicy(ctx context.Context, ld *appconfig.Loader, g *gitHub, baseRef string, cache *processCache, now time.Time) (*config.Policy, error) {
	key := g.fullName() + "@" + baseRef
	var c appconfig.Config
	if !cache.recentMiss(key, now) {
		var err error
		if c, err = ld.LoadConfig(ctx, g.client, g.owner, g.repo, baseRef); err != nil {
			return nil, fmt.Errorf("failed to read %s from %s: %w", c.Path, c.Source, err)
		}
		cache.setMiss(key, now, c.IsUndefined())
	}
	if c.IsUndefined() {
		p := config.Default()
		p.Source = "built-in defaults (no " + config.FileName + " in this repository or in " + g.owner + "/.github)"
		return p, nil
	}
	where := fmt.Sprintf("%s (%s)", c.Path, c.Source)
	p, err := config.Parse(where, c.Content)
	if err != nil {
		return nil, err
	}
	p.Source = "`" + where + "`"
	zerolog.Ctx(ctx).Debug().Str("policy", where).Msg("policy loaded")
	return p, nil
}
