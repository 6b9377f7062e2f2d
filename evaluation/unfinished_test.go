package evaluation

import (
	"errors"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// TestUnfinishedReason: what makes an evaluation worth an automatic retry
// (an error, or a result saying a service it needs was unreachable), and
// what does not (a bug, a finished result).
func TestUnfinishedReason(t *testing.T) {
	cases := []struct {
		name  string
		o     checks.Outcome
		retry bool
	}{
		{"check error", checks.Outcome{Name: "dependencies", Err: errors.New("OSV timed out")}, true},
		{"panic", checks.Outcome{Name: "secrets", Err: &checks.PanicError{Check: "secrets"}}, false},
		{"a result its check calls unfinished", checks.Outcome{Name: "dependencies", Result: &checks.Result{Unfinished: "OSV could not be reached"}}, true},
		{"a failing result", checks.Outcome{Name: "dlp", Result: &checks.Result{Conclusion: checks.Failure}}, false},
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
