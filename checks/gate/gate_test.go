package gate

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

func TestDecide(t *testing.T) {
	pass := checks.Outcome{Name: "dlp", Result: &checks.Result{Check: "dlp", Conclusion: checks.Success, Title: "No DLP issues"}}
	fail := checks.Outcome{Name: "secrets", Result: &checks.Result{Check: "secrets", Conclusion: checks.Failure, Title: "1 secret found"}}
	sensitive := checks.Outcome{Name: "dlp", Result: &checks.Result{Check: "dlp", Conclusion: checks.Success,
		Needs: []checks.ApprovalNeed{{Kind: "sensitive-path", Subject: ".github/workflows/ci.yml", Reason: "CI can exfiltrate secrets"}}}}
	broken := checks.Outcome{Name: "dependencies", Err: errors.New("OSV unreachable")}
	approved := Approvals{Required: 1, Valid: []Approval{{Login: "sec-alice", Commit: "abcdef1234"}}}
	cases := []struct {
		name    string
		in      Input
		want    checks.Conclusion
		summary []string
	}{
		{"all pass", Input{Outcomes: []checks.Outcome{pass}}, checks.Success, []string{"gatehouse/dlp"}},
		{"finding fails", Input{Outcomes: []checks.Outcome{pass, fail}}, checks.Failure, []string{"secrets: 1 secret found"}},
		{"check error fails closed", Input{Outcomes: []checks.Outcome{broken}}, checks.Failure, []string{"could not finish: OSV unreachable"}},
		{"invalid policy fails", Input{PolicyError: errors.New(".security.yml:3:5: bad")}, checks.Failure, []string{".security.yml:3:5: bad"}},
		{"limit fails", Input{Outcomes: []checks.Outcome{pass}, Limits: []string{"3001 files"}}, checks.Failure, []string{"limit reached: 3001 files"}},
		{"sensitive needs approval", Input{Outcomes: []checks.Outcome{sensitive}, Contact: "#sec"}, checks.ActionRequired,
			[]string{"0 of 1 approvals", ".github/workflows/ci.yml", "CI can exfiltrate secrets", "#sec"}},
		{"sensitive approved", Input{Outcomes: []checks.Outcome{sensitive}, Approvals: approved}, checks.Success, []string{"1 of 1 approvals: @sec-alice at abcdef1"}},
		{"approval does not cure a finding", Input{Outcomes: []checks.Outcome{sensitive, fail}, Approvals: approved}, checks.Failure, nil},
		{"failure and approval both named", Input{Outcomes: []checks.Outcome{sensitive, fail}}, checks.Failure, []string{"InfoSec review"}},
		{"override passes", Input{Outcomes: []checks.Outcome{fail}, Override: &Override{Actor: "sec-bob", Reason: "incident 42", Via: "comment"}}, checks.Success,
			[]string{"Overridden by @sec-bob: incident 42", "secrets: 1 secret found"}},
		{"invalid policy change fails", Input{Outcomes: []checks.Outcome{pass}, PolicyChange: &PolicyChange{Path: ".security.yml", Err: errors.New("line 2: bad")}}, checks.Failure,
			[]string{"is **invalid**", "line 2: bad"}},
		{"valid policy change shown", Input{Outcomes: []checks.Outcome{pass}, PolicyChange: &PolicyChange{Path: ".security.yml"}}, checks.Success,
			[]string{"does not govern this pull request"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Decide(c.in)
			if v.Conclusion != c.want {
				t.Errorf("conclusion = %s, want %s (title %q)", v.Conclusion, c.want, v.Title)
			}
			if v.Conclusion == checks.Neutral || v.Title == "" {
				t.Errorf("the gate must never be neutral or untitled: %+v", v)
			}
			for _, s := range c.summary {
				if !strings.Contains(v.Summary, s) {
					t.Errorf("summary lacks %q:\n%s", s, v.Summary)
				}
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("é", 10) // 20 bytes
	got := Truncate(s, 9)
	if len(got) > 9 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(got, "éé") {
		t.Errorf("Truncate = %q", got)
	}
	if Truncate("short", 10) != "short" {
		t.Error("short strings must be unchanged")
	}
}
