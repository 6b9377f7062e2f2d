package report_test

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/report"
)

// TestNotes: the report explains what a reader could otherwise misread,
// and says nothing when there is nothing to explain.
func TestNotes(t *testing.T) {
	scanned := report.Range{Base: "main", Head: "HEAD", Commits: 2, Files: 3}
	pass := gate.Verdict{Conclusion: checks.Success}
	tests := []struct {
		name string
		c    report.Circumstances
		want []string // one substring per note, in order
	}{
		{"nothing to explain", report.Circumstances{Range: scanned, Verdict: pass}, nil},
		{"why the base, and a shallow clone", report.Circumstances{Range: scanned, RangeWhy: "no default branch found", Shallow: true, Verdict: pass},
			[]string{"no default branch found", "this is a shallow clone"}},
		{"an empty range", report.Circumstances{Range: report.Range{Base: "main", Head: "topic"}, Verdict: pass},
			[]string{"nothing to scan: topic has no commit that main lacks; use --all"}},
		{"an empty staged scan is not an empty range", report.Circumstances{Range: report.Range{Staged: true}, Verdict: pass}, nil},
		{"no policy file", report.Circumstances{Range: scanned, PolicyMissing: true, Verdict: pass},
			[]string{"no .security.yml found: the built-in defaults apply"}},
		{"offline with no database", report.Circumstances{Range: scanned, Offline: true, Verdict: pass},
			[]string{"offline: dependency advisories and licences are not checked"}},
		{"offline with a local database", report.Circumstances{Range: scanned, Offline: true, OSVDir: "/srv/osv", Verdict: pass},
			[]string{"offline: dependency advisories come from /srv/osv; licences are not looked up"}},
		{"a local database without --offline needs no note", report.Circumstances{Range: scanned, OSVDir: "/srv/osv", Verdict: pass}, nil},
		{"only InfoSec approval missing", report.Circumstances{Range: scanned, Verdict: gate.Verdict{Conclusion: checks.ActionRequired}},
			[]string{"only InfoSec approval is missing: the App will ask InfoSec to review"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.Notes(tt.c)
			if len(got) != len(tt.want) {
				t.Fatalf("notes = %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("note %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

// TestExitCode: only a failing gate fails the scan; an InfoSec approval is
// not the developer's to give.
func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		c    checks.Conclusion
		want int
	}{{checks.Success, 0}, {checks.ActionRequired, 0}, {checks.Failure, 1}} {
		t.Run(string(tt.c), func(t *testing.T) {
			if got := report.ExitCode(gate.Verdict{Conclusion: tt.c}); got != tt.want {
				t.Errorf("exit code = %d, want %d", got, tt.want)
			}
		})
	}
}
