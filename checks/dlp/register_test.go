package dlp

import (
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/notify"
)

func TestAlertNamesForbiddenFilesOnly(t *testing.T) {
	forbidden := func(path, waived string) checks.Finding {
		return checks.Finding{Check: Name, RuleID: ruleForbidden, Path: path, Level: checks.LevelFailure, Waived: waived}
	}
	oversize := checks.Finding{Check: Name, RuleID: "file-too-large", Path: "big.bin", Level: checks.LevelFailure}
	cases := []struct {
		name     string
		findings []checks.Finding
		want     string // "" for no alert
	}{
		{"forbidden files", []checks.Finding{forbidden(".env", ""), oversize, forbidden("a/id_rsa", ""), forbidden(".env", "")},
			"Forbidden file(s) committed: .env, a/id_rsa"},
		{"only an oversize file", []checks.Finding{oversize}, ""},
		{"a waived forbidden file", []checks.Finding{forbidden(".env", "overridden")}, ""},
		{"nothing", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := report(c.findings, nil).Alert
			switch {
			case c.want == "" && a != nil:
				t.Errorf("alert %+v, want none", *a)
			case c.want != "" && (a == nil || a.Kind != notify.KindForbiddenFile || a.What != c.want):
				t.Errorf("alert %+v, want %s %q", a, notify.KindForbiddenFile, c.want)
			}
		})
	}
}
