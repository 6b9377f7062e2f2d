package deps

import (
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// TestUnfinished: a result is worth an automatic retry when a service it
// needs was unreachable, not for a real finding or an unknown licence that
// deps.dev did answer for.
func TestUnfinished(t *testing.T) {
	blocking := func(rule, msg string) *checks.Result {
		return &checks.Result{Findings: []checks.Finding{{RuleID: rule, Message: msg, Level: checks.LevelFailure}}}
	}
	cases := []struct {
		name  string
		r     *checks.Result
		retry bool
	}{
		{"OSV down", blocking(RuleAdvisoriesDown, "the OSV API failed"), true},
		{"deps.dev down", blocking(RuleLicenseUnknown, "could not be determined: deps.dev unreachable."), true},
		{"licence unknown to deps.dev", blocking(RuleLicenseUnknown, "could not be determined: unknown to deps.dev."), false},
		{"a real finding", blocking(RuleAdvisory, "lodash 4.17.15: GHSA-35jh-r3h4-6jhm"), false},
		{"clean", &checks.Result{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := unfinished(c.r) != ""; got != c.retry {
				t.Errorf("retry = %v, want %v", got, c.retry)
			}
		})
	}
}
