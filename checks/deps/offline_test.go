package deps

import (
	"context"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// TestOfflineSkipsAdvisoriesAndSaysSo: with OSV "off" (gatehouse scan
// --offline without a local database) nothing is looked up, the diff is still
// reported, and the summary states that vulnerabilities were not checked.
func TestOfflineSkipsAdvisoriesAndSaysSo(t *testing.T) {
	c := New(Options{OSVURL: "off", DepsDevURL: "off"})
	cs, _ := caseChangeSet(t, "npm-downgrade")
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if r.Conclusion == checks.Failure {
		t.Errorf("offline run failed:\n%s", findingsSummary(r))
	}
	for _, want := range []string{"lodash", "NOT checked", "offline"} {
		if !strings.Contains(r.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Summary)
		}
	}
}
