package secrets

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
	"github.com/gatehouse-sec/gatehouse/schema"
)

// Registration declares the secrets check to Gatehouse (see checks/all).
var Registration = checks.Registration{
	Name:    Name,
	Section: config.SecretsSection,
	Schema:  schema.Section(Name),
	New: func(*config.Server) (checks.Check, error) {
		c, err := New()
		if err != nil {
			return nil, fmt.Errorf("failed to load the secret rules: %w", err)
		}
		return c, nil
	},
}

// alert tells InfoSec which rules fired where: a leaked secret must be
// rotated, whatever happens to the pull request.
func alert(r *checks.Result) *checks.Alert {
	n := len(r.Blocking())
	if n == 0 {
		return nil
	}
	rules, paths := r.BlockingRulesAndPaths(nil)
	return &checks.Alert{Kind: notify.KindSecretFound,
		What: fmt.Sprintf("%d secret(s) found (%s) in %s", n, strings.Join(rules, ", "), strings.Join(paths, ", "))}
}
