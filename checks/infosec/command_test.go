package infosec

import "testing"

func TestParseOverrideCommand(t *testing.T) {
	cases := []struct {
		name, body, reason string
		ok                 bool
	}{
		{"command with a reason", "/gatehouse override false positive, fixture key", "false positive, fixture key", true},
		{"leading spaces", "   /gatehouse override hotfix", "hotfix", true},
		{"on a later line", "Looked at it.\n/gatehouse override test fixture\nThanks", "test fixture", true},
		{"no reason", "/gatehouse override", "", true},
		{"no reason, trailing spaces", "/gatehouse override   ", "", true},
		{"several spaces between words", "/gatehouse   override  ok", "ok", true},
		{"quoted inside a sentence", "please run /gatehouse override later", "", false},
		{"another word", "/gatehouse overrides everything", "", false},
		{"another command", "/gatehouse approve", "", false},
		{"empty comment", "", "", false},
		{"the first command counts", "/gatehouse override one\n/gatehouse override two", "one", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reason, ok := ParseOverrideCommand(c.body)
			if reason != c.reason || ok != c.ok {
				t.Errorf("ParseOverrideCommand(%q) = %q, %v; want %q, %v", c.body, reason, ok, c.reason, c.ok)
			}
		})
	}
}
