package evaluation

import (
	"errors"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps"
)

// TestUnfinishedReason: what makes an evaluation worth an automatic retry
// (a service it needs was unreachable), and what does not (a bug, a real
// finding, an unknown licence that deps.dev did answer for).
func TestUnfinishedReason(t *testing.T) {
	blocking := func(rule, msg string) *checks.Result {
		return &checks.Result{Findings: []checks.Finding{{RuleID: rule, Message: msg, Level: checks.LevelFailure}}}
	}
	cases := []struct {
		name  string
		o     checks.Outcome
		retry bool
	}{
		{"check error", checks.Outcome{Name: "dependencies", Err: errors.New("OSV timed out")}, true},
		{"panic", checks.Outcome{Name: "secrets", Err: &checks.PanicError{Check: "secrets"}}, false},
		{"OSV down", checks.Outcome{Name: "dependencies", Result: blocking(deps.RuleAdvisoriesDown, "the OSV API failed")}, true},
		{"deps.dev down", checks.Outcome{Name: "dependencies", Result: blocking(deps.RuleLicenseUnknown, "could not be determined: deps.dev unreachable.")}, true},
		{"licence unknown to deps.dev", checks.Outcome{Name: "dependencies", Result: blocking(deps.RuleLicenseUnknown, "could not be determined: unknown to deps.dev.")}, false},
		{"a real finding", checks.Outcome{Name: "dependencies", Result: blocking(deps.RuleAdvisory, "lodash 4.17.15: GHSA-35jh-r3h4-6jhm")}, false},
		{"clean", checks.Outcome{Name: "dlp", Result: &checks.Result{}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := unfinishedReason(c.o) != ""; got != c.retry {
				t.Errorf("retry = %v, want %v", got, c.retry)
			}
		})
	}
}
