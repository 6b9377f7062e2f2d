package evaluation

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// loadPolicy reads the policy that governs a pull request: the base branch's,
// never the head's, so that a pull request cannot weaken its own gate. No file
// anywhere means the secure defaults; a file that cannot be read (after the
// transport's retries) or parsed is an error that fails the gate.
func loadPolicy(ctx context.Context, g githubio.Reader, baseRef string, now func() time.Time) (*config.Policy, error) {
	c, err := g.PolicyFile(ctx, baseRef, now)
	if err != nil {
		return nil, err
	}
	if c.IsUndefined() {
		p := config.Default()
		p.Source = "built-in defaults (no " + config.FileName + " in this repository or in " + g.Owner() + "/.github)"
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
