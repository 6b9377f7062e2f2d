package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzPolicy feeds Parse arbitrary files: a pull request's own .security.yml
// reaches the server unchecked. Any input must give either a policy that
// validates, or an *InvalidError whose every problem names the file and says
// something; the answer must not depend on the run (map order), and a
// parsed policy written back as YAML must parse to the same policy.
// Run: go test -tags gore2regex -run '^$' -fuzz '^FuzzPolicy$' ./config/
func FuzzPolicy(f *testing.F) {
	for _, s := range []string{"../.security.yml", "../schema/testdata/full.security.yml"} {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"version: 1\n",
		"version: 1\nsecrets: {enabled: yes}\n",
		"version: 1\ndependencies:\n  allow_advisories:\n    - GHSA-p6mc-m468-83gw\n    - {id: CVE-2024-1, reason: r, expires: 2030-01-01}\n",
		"version: 1\ndlp:\n  max_file_size: 5MB\n  sensitive:\n    - paths: [\"deploy/**\"]\n      reason: prod\n",
		"version: 1\nsecrets:\n  rules:\n    - id: acme\n      regex: 'acme_[a-z0-9]{32}'\n      keywords: [acme_]\n      entropy: 3.5\n",
		"version: 1\nsecrets: {allow: {paths: ['*.LOCK', /Makefile, 'docs/**', 123]}}\ndependencies: {ignore_paths: ['web/', ./a, '[', ~]}\n",
		"version: 1\ndlp: {forbidden: [{glob: x}, [y]]}\n",
		"version: 2\ninfosec: {team: Bad Team, required_approvals: 0, lable: x}\n",
		"- a\n- b\n",
		"version: [1\n",
		"&a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "pr/.security.yml"
		p, err := Parse(file, data)
		if err != nil {
			checkInvalid(t, file, p, err)
		}
		p2, err2 := Parse(file, data)
		if !reflect.DeepEqual(p, p2) || errText(err) != errText(err2) {
			t.Fatalf("two parses of one file differ:\n%v\n%v", errText(err), errText(err2))
		}
		if err != nil {
			return
		}
		if p.Source != file || p.Version != 1 {
			t.Fatalf("parsed policy has source %q, version %d", p.Source, p.Version)
		}
		out, err := yaml.Marshal(p)
		if err != nil {
			t.Fatalf("a parsed policy does not marshal: %v", err)
		}
		back, err := Parse(file, out)
		if err != nil {
			t.Fatalf("a parsed policy, written back, is refused: %v\n%s", err, out)
		}
		again, err := yaml.Marshal(back)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(out) {
			t.Fatalf("a policy changes when written back:\n%s\n---\n%s", out, again)
		}
	})
}

// checkInvalid asserts what a user reads when a policy is refused.
func checkInvalid(t *testing.T, file string, p *Policy, err error) {
	t.Helper()
	if p != nil {
		t.Fatal("an error with a policy")
	}
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("error of type %T, want *InvalidError: %v", err, err)
	}
	if inv.File != file || len(inv.Problems) == 0 {
		t.Fatalf("error names file %q with %d problems", inv.File, len(inv.Problems))
	}
	for _, pr := range inv.Problems {
		if pr.File != file || strings.TrimSpace(pr.Msg) == "" || pr.Line < 1 || pr.Column < 0 {
			t.Fatalf("unclear problem: %+v", pr)
		}
	}
	if !strings.HasPrefix(err.Error(), "invalid policy "+file) {
		t.Fatalf("error does not start with the file: %v", err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
