package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	src := `version: 1
infosec:
  team: security
  users: [alice]
  contact: "#security"
secrets:
  history: false
  allow:
    paths: ["testdata/**"]
  rules:
    - id: acme-token
      description: ACME token
      regex: 'acme_[a-z0-9]{32}'
      keywords: [acme_]
dependencies:
  fail_on_severity: critical
  allow_advisories:
    - GHSA-p6mc-m468-83gw
    - id: GHSA-35jh-r3h4-6jhm
      reason: not reachable
      expires: 2030-01-01
  deny_packages: ["pkg:npm/event-stream"]
  licenses: {deny: [GPL-3.0-only]}
dlp:
  forbidden: ["**/*.secret"]
  sensitive:
    - paths: ["deploy/**"]
      reason: production deploys
  max_file_size: 1MB
`
	p, err := Parse(".security.yml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"team", p.InfoSec.Team == "security"},
		{"required approvals default", p.InfoSec.RequiredApprovals == 1},
		{"secrets enabled default", p.Secrets.Enabled},
		{"history set", !p.Secrets.History},
		{"rule line", len(p.Secrets.Rules) == 1 && p.Secrets.Rules[0].Line == 11},
		{"severity", p.Dependencies.FailOnSeverity == "critical"},
		{"bare advisory", p.Dependencies.AllowAdvisories[0].ID == "GHSA-p6mc-m468-83gw"},
		{"advisory reason", p.Dependencies.AllowAdvisories[1].Reason == "not reachable"},
		{"advisory active", p.Dependencies.AllowAdvisories[1].Active(time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"advisory expired", !p.Dependencies.AllowAdvisories[1].Active(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))},
		{"max size", p.DLP.MaxFileSize == MB},
		{"dlp enabled default", p.DLP.Enabled},
		{"override label default", p.Override.Label == "security-override"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Errorf("%s: unexpected value in %+v", c.name, p)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string // substring of the error, which always starts with file:line:col
	}{
		{"empty", "", ".security.yml:1:1: the file is empty"},
		{"no version", "infosec:\n  team: security\n", ".security.yml:1:1: version: must be 1"},
		{"wrong version", "version: 2\n", ".security.yml:1:10: version: must be 1 (got 2)"},
		{"unknown top key", "version: 1\nsecret:\n  enabled: false\n", `.security.yml:2:1: secret: unknown key "secret"`},
		{"unknown nested key", "version: 1\ndlp:\n  forbiden: []\n", `.security.yml:3:3: dlp.forbiden: unknown key "forbiden"`},
		{"suggestion", "version: 1\ninfosec:\n  requiredApprovals: 2\n", `did you mean "required_approvals"?`},
		{"wrong type", "version: 1\nsecrets:\n  enabled: maybe\n", ".security.yml:3:12: secrets.enabled: wrong type: got a string \"maybe\", want true or false"},
		{"quoted yes", "version: 1\nsecrets:\n  history: \"yes\"\n", ".security.yml:3:12: secrets.history: wrong type: got a string \"yes\", want true or false"},
		{"YAML 1.1 no", "version: 1\nsecrets:\n  enabled: no\n", ".security.yml:3:12: secrets.enabled: wrong type: got a string \"no\", want true or false"},
		{"YAML 1.1 on", "version: 1\ndependencies:\n  review_new_dependencies: on\n", "dependencies.review_new_dependencies: wrong type: got a string \"on\""},
		{"empty boolean", "version: 1\nsecrets:\n  enabled:\n", ".security.yml:3:11: secrets.enabled: wrong type: got nothing, want true or false"},
		{"list for a boolean", "version: 1\nsecrets:\n  history: [true]\n", "secrets.history: wrong type: got a list, want true or false"},
		{"mapping for a list", "version: 1\ndlp:\n  forbidden: {a: b}\n", ".security.yml:3:14: dlp.forbidden: wrong type: got a mapping, want a list"},
		{"bad severity", "version: 1\ndependencies:\n  fail_on_severity: severe\n", ".security.yml:3:21: dependencies.fail_on_severity: must be one of"},
		{"bad regex", "version: 1\nsecrets:\n  rules:\n    - id: x\n      regex: '(['\n", ".security.yml:5:14: secrets.rules[0].regex: rule \"x\": invalid regex"},
		{"bad glob", "version: 1\ndlp:\n  forbidden: ['[']\n", ".security.yml:3:15: dlp.forbidden[0]: \"[\" is not a valid glob"},
		{"sensitive without reason", "version: 1\ndlp:\n  sensitive:\n    - paths: [a/**]\n", ".security.yml:4:7: dlp.sensitive[0]: needs a reason"},
		{"bad size", "version: 1\ndlp:\n  max_file_size: lots\n", ".security.yml:3:18: dlp.max_file_size: invalid size"},
		{"bad licence", "version: 1\ndependencies:\n  licenses:\n    deny: [NotALicence]\n", "not SPDX licence ids: NotALicence"},
		{"bad purl", "version: 1\ndependencies:\n  deny_packages: [event-stream]\n", "is not a package URL"},
		{"bad expiry", "version: 1\ndependencies:\n  allow_advisories:\n    - id: GHSA-x\n      expires: soon\n", ".security.yml:5:16: dependencies.allow_advisories[0].expires"},
		{"syntax", "version: 1\ninfosec: [\n", ".security.yml:2: YAML syntax error"},
		{"syntax on the first line", "!!\n", ".security.yml:1: YAML syntax error: did not find expected tag URI"},
		{"invalid UTF-8 on line 3", "version: 1\ninfosec:\n  team: \xff\n", ".security.yml:3:9: YAML syntax error: invalid leading UTF-8 octet"},
		{"a control character on line 4", "version: 1\n\n\nx: \x01\n", ".security.yml:4:4: YAML syntax error: control characters are not allowed"},
		{"not a mapping", "- a\n- b\n", "must be a mapping"},
		{"zero approvals", "version: 1\ninfosec:\n  required_approvals: 0\n", "must be between 1 and 10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(".security.yml", []byte(c.src))
			if err == nil {
				t.Fatalf("Parse accepted %q", c.src)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestParseByteSize(t *testing.T) {
	cases := []struct {
		in   string
		want ByteSize
		err  bool
	}{
		{"5MB", 5 * MB, false}, {"512 KB", 512 * KB, false}, {"100", 100, false}, {"1GiB", GB, false},
		{"0", 0, true}, {"-1MB", 0, true}, {"5XB", 0, true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseByteSize(c.in)
			if (err != nil) != c.err || got != c.want {
				t.Errorf("ParseByteSize(%q) = %v, %v", c.in, got, err)
			}
		})
	}
}
