package evaluation

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// newTestEvaluator builds an Evaluator whose audit events go to zerolog only.
func newTestEvaluator(t *testing.T, o Options) *Evaluator {
	t.Helper()
	if o.Audit == nil {
		l, err := audit.New("")
		if err != nil {
			t.Fatal(err)
		}
		o.Audit = l
	}
	e, err := NewEvaluator(o)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestNewEvaluatorRequiresAuditLogger: without an audit logger there is no
// evaluator, rather than one whose decisions miss the audit trail.
func TestNewEvaluatorRequiresAuditLogger(t *testing.T) {
	e, err := NewEvaluator(Options{})
	if err == nil || e != nil {
		t.Fatalf("NewEvaluator without an audit logger = %v, %v; want an error", e, err)
	}
	if !strings.Contains(err.Error(), "audit logger") {
		t.Errorf("error %q does not say what is missing", err)
	}
}
