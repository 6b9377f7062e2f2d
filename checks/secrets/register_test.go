package secrets

import (
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/notify"
)

func TestAlertNamesRulesAndPathsNeverValues(t *testing.T) {
	found := func(rule, path, waived string) checks.Finding {
		return checks.Finding{Check: Name, RuleID: rule, Path: path, Level: checks.LevelFailure, Waived: waived,
			Message: "value AKIA…MPLE"}
	}
	cases := []struct {
		name     string
		findings []checks.Finding
		want     string // "" for no alert
	}{
		{"two secrets of one rule in two files", []checks.Finding{found("aws-access-token", "a.env", ""), found("aws-access-token", "b.env", "")},
			"2 secret(s) found (aws-access-token) in a.env, b.env"},
		{"one blocking, one waived", []checks.Finding{found("github-pat", "x.go", ""), found("aws-access-token", "y.go", "fingerprint")},
			"1 secret(s) found (github-pat) in x.go"},
		{"only waived", []checks.Finding{found("github-pat", "x.go", "path")}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := alert(&checks.Result{Check: Name, Findings: c.findings})
			switch {
			case c.want == "" && a != nil:
				t.Errorf("alert %+v, want none", *a)
			case c.want != "" && (a == nil || a.Kind != notify.KindSecretFound || a.What != c.want):
				t.Errorf("alert %+v, want %s %q", a, notify.KindSecretFound, c.want)
			}
		})
	}
}
