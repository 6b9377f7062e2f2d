package report_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/report"
)

// engineMessage is a secret's message as the secrets engine writes it for
// the App, where every finding has been pushed.
const engineMessage = "Possible secret `ghp_…` (rule github-pat) at deploy.sh:2, introduced in commit 1111111.\n" +
	"Fingerprint: github-pat:deploy.sh:2\n" +
	"Rotate this credential (revoke it and issue a new one): deleting it from the branch, or even from the history, does not un-leak it.\n" +
	"If it is not a secret, accept it by adding its fingerprint under secrets.allow.fingerprints in .security.yml on the base branch, or put a `gatehouse:allow` comment on its line."

const goneLine = "The head of the branch no longer has it, but the commit above does: it was pushed, so it is leaked all the same.\n"

func TestLocalSecretAdvice(t *testing.T) {
	gone := strings.Replace(engineMessage, "Rotate", goneLine+"Rotate", 1)
	tests := []struct {
		name    string
		finding checks.Finding
		staged  bool
		pushed  map[string]string
		want    []string
		notWant []string
	}{
		{"staged", checks.Finding{Commit: "staged", Message: engineMessage}, true, map[string]string{},
			[]string{"It is only staged: remove it from the file before committing", "Fingerprint: github-pat", "gatehouse:allow"},
			[]string{"Rotate", "pushed", "leaked"}},
		{"committed, not pushed", checks.Finding{Commit: c1, Message: engineMessage}, false, map[string]string{},
			[]string{"Commit 1111111 is on no remote-tracking branch: as far as this clone knows, it has not been pushed. Rewrite the commit before pushing (git commit --amend for the last commit, git rebase -i for an earlier one)"},
			[]string{"Rotate this credential", "leaked"}},
		{"committed, not pushed, removed by a later commit", checks.Finding{Commit: c1, Message: gone}, false, map[string]string{},
			[]string{"The head no longer has it, but commit 1111111 does.", "Rewrite the commit before pushing"},
			[]string{"it was pushed", "Rotate this credential"}},
		{"pushed", checks.Finding{Commit: c1, Message: gone}, false, map[string]string{c1: "origin/feature"},
			[]string{"Commit 1111111 is on origin/feature: it was pushed, so the secret is leaked.", "Rotate this credential (revoke it and issue a new one)", "The head no longer has it"},
			[]string{"Rewrite the commit"}},
		{"in the final diff only: the head commit decides", checks.Finding{Message: engineMessage}, false, map[string]string{c2: "origin/main"},
			[]string{"Commit 2222222 is on origin/main: it was pushed"}, nil},
		{"waived: no rotation advice", checks.Finding{Commit: c1, Message: engineMessage, Waived: "allow-listed fingerprint"}, false, map[string]string{c1: "origin/main"},
			[]string{"Fingerprint: github-pat"},
			[]string{"Rotate", "rotate", "Rewrite", "accept it by adding"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.finding
			f.Check, f.RuleID, f.Title, f.Path, f.Level = "secrets", "github-pat", "GitHub token", "deploy.sh", checks.LevelFailure
			res := &checks.Result{Check: "secrets", Conclusion: checks.Failure, Findings: []checks.Finding{f}}
			outcomes := []checks.Outcome{{Name: "secrets", Result: res}}
			rg := report.Range{Head: "HEAD", HeadCommit: c2}
			if tt.staged {
				rg = report.Range{Head: "staged", Staged: true}
			}
			rep := report.Build(report.Input{Range: rg, Outcomes: outcomes, Verdict: gate.Decide(gate.Input{Outcomes: outcomes}), Pushed: tt.pushed})
			msg := rep.Findings[0].Message
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("the message lacks %q:\n%s", w, msg)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(msg, w) {
					t.Errorf("the message has %q:\n%s", w, msg)
				}
			}
		})
	}
}

func TestFindingsWithoutAFile(t *testing.T) {
	deps := &checks.Result{Check: "dependencies", Conclusion: checks.Failure, Findings: []checks.Finding{{
		Check: "dependencies", RuleID: "advisory-database-unavailable", Title: "Advisory database unavailable", Level: checks.LevelFailure,
		Message: "New dependency versions could not be checked for known vulnerabilities: the OSV API failed (connection refused). Gatehouse fails closed; re-run the check.",
	}}}
	sec := &checks.Result{Check: "secrets", Conclusion: checks.Failure, Findings: []checks.Finding{{
		Check: "secrets", RuleID: "github-pat", Title: "GitHub token", Level: checks.LevelFailure, Commit: c1, Message: "In the message of commit 1111111.",
	}}}
	outcomes := []checks.Outcome{{Name: "secrets", Result: sec}, {Name: "dependencies", Result: deps}}
	rep := report.Build(report.Input{Range: report.Range{Head: "HEAD", HeadCommit: c2}, Outcomes: outcomes,
		Verdict: gate.Decide(gate.Input{Outcomes: outcomes}), Pushed: map[string]string{}})
	var buf strings.Builder
	if err := report.WriteText(&buf, rep, report.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	tests := []struct {
		name    string
		want    string
		present bool
	}{
		{"a secret in a commit message is under commit messages", "\ncommit messages\n  error    secrets/github-pat", true},
		{"the advisory database is under dependencies", "\ndependencies\n  error    dependencies/advisory-database-unavailable", true},
		{"the fix points at --osv-dir", "--osv-dir DIR", true},
		{"the fix points at --offline", "--offline", true},
		{"no App wording", "re-run the check", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(out, tt.want) != tt.present {
				t.Errorf("contains %q = %v, want %v:\n%s", tt.want, !tt.present, tt.present, out)
			}
		})
	}
}

// TestSecretCommits: the scan asks git where exactly the commits whose
// advice depends on it are, once each.
func TestSecretCommits(t *testing.T) {
	secret := func(commit, waived string) checks.Finding {
		return checks.Finding{Check: "secrets", Commit: commit, Waived: waived}
	}
	outcome := func(name string, fs ...checks.Finding) checks.Outcome {
		return checks.Outcome{Name: name, Result: &checks.Result{Check: name, Findings: fs}}
	}
	tests := []struct {
		name     string
		outcomes []checks.Outcome
		head     string
		want     []string
	}{
		{"each commit once, in order", []checks.Outcome{outcome("secrets", secret(c1, ""), secret(c2, ""), secret(c1, ""))}, c2, []string{c1, c2}},
		{"a final-diff finding belongs to the head", []checks.Outcome{outcome("secrets", secret("", ""))}, c2, []string{c2}},
		{"waived findings get no such advice", []checks.Outcome{outcome("secrets", secret(c1, "allow-listed fingerprint"))}, c2, nil},
		{"staged secrets have not left the machine", []checks.Outcome{outcome("secrets", secret("staged", ""), secret("", ""))}, "staged", nil},
		{"other checks' findings and failed checks are not asked about", []checks.Outcome{
			outcome("dlp", checks.Finding{Check: "dlp", Commit: c1}), {Name: "secrets", Err: errors.New("boom")}}, c2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.SecretCommits(tt.outcomes, tt.head)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
