package secrets

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// TestFindingSitsOnTheSecretsOwnLine: some rules match far more than the
// secret (curl's options, a Kubernetes Secret's header); the annotation must
// point at the line where the secret itself is, not where the match begins.
func TestFindingSitsOnTheSecretsOwnLine(t *testing.T) {
	g := newGen(31)
	bearer := g.str(base62, 32)
	b64 := g.str(b64std, 40)
	tests := []struct {
		name, path, text string
		rule             string
		line             int
	}{
		{"curl's header four lines below curl", "deploy.sh",
			"#!/bin/sh\nset -e\ncurl \\\n  --silent \\\n  -X POST \\\n  -H \"Authorization: Bearer " + bearer + "\" \\\n  https://api.example.org/v1/deploy\n",
			"curl-auth-header", 6},
		{"a Kubernetes Secret's value below kind: Secret", "k8s/secret.yaml",
			"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  password: " + b64 + "\n",
			"kubernetes-secret-yaml", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, tt.text)), policy(nil))
			var got []checks.Finding
			for _, f := range res.Findings {
				if f.RuleID == tt.rule {
					got = append(got, f)
				}
			}
			if len(got) != 1 {
				t.Fatalf("want one %s finding, got:\n%s", tt.rule, describe(res.Findings))
			}
			f := got[0]
			if f.StartLine != tt.line || f.EndLine != tt.line {
				t.Errorf("%s at lines %d-%d, want %d: the line of the secret, not of the match's start", tt.rule, f.StartLine, f.EndLine, tt.line)
			}
			line := strings.Split(tt.text, "\n")[tt.line-1]
			if f.StartColumn == 0 || f.EndColumn > len([]rune(line)) {
				t.Errorf("columns %d-%d do not lie on line %q", f.StartColumn, f.EndColumn, line)
			}
		})
	}
}

// TestOneFindingPerSecret: rules that find the same secret at one place make
// one finding under the most specific rule, whose waivers they share.
func TestOneFindingPerSecret(t *testing.T) {
	g := newGen(32)
	tok := g.githubClassic()
	encoded := b64(tok)
	tests := []struct {
		name, path, text string
		allow            []string
		wantRule         string
		wantWaived       bool
		wantMessage      string
	}{
		{name: "a base64 value that generic-api-key matches and that decodes to a GitHub token",
			path: "config/app.ini", text: "[auth]\nclient_secret = " + encoded + "\n",
			wantRule: "github-pat", wantMessage: "Possible base64-encoded secret"},
		{name: "a Kubernetes Secret's value that decodes to a GitHub token",
			path: "k8s/secret.yaml", text: "apiVersion: v1\nkind: Secret\ndata:\n  token: " + encoded + "\n",
			wantRule: "github-pat", wantMessage: "Possible base64-encoded secret"},
		{name: "a waiver written for the less specific rule still applies",
			path: "config/app.ini", text: "[auth]\nclient_secret = " + encoded + "\n",
			allow:    []string{Fingerprint("generic-api-key", encoded)},
			wantRule: "github-pat", wantWaived: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, tt.text)), policy(func(s *config.Secrets) { s.Allow.Fingerprints = tt.allow }))
			if len(res.Findings) != 1 {
				t.Fatalf("want one finding for one secret, got:\n%s", describe(res.Findings))
			}
			f := res.Findings[0]
			lines := strings.Split(tt.text, "\n")
			if f.RuleID != tt.wantRule || f.Path != tt.path || lines[f.StartLine-1] == "" || !strings.Contains(lines[f.StartLine-1], encoded) {
				t.Errorf("got %s at %s:%d, want %s on the encoded value's line", f.RuleID, f.Path, f.StartLine, tt.wantRule)
			}
			if at := strings.Index(lines[f.StartLine-1], encoded); f.StartColumn == 0 || f.StartColumn > at+1 || f.EndColumn < at+len(encoded) {
				t.Errorf("columns %d-%d do not cover the encoded text at %d-%d", f.StartColumn, f.EndColumn, at+1, at+len(encoded))
			}
			if (f.Waived != "") != tt.wantWaived {
				t.Errorf("waived %q, want waived %v", f.Waived, tt.wantWaived)
			}
			if !strings.Contains(f.Message, tt.wantMessage) {
				t.Errorf("message does not say %q:\n%s", tt.wantMessage, f.Message)
			}
		})
	}
}

// TestAWaiverDoesNotCrossToTheSecretBeside: a waived password and an encoded
// token on one line are two secrets: the password's waiver must not waive the
// token, and neither may hide the other.
func TestAWaiverDoesNotCrossToTheSecretBeside(t *testing.T) {
	g := newGen(33)
	tok := g.githubClassic()
	pw := "Xk9#mQ2$vL7!pR4w"
	text := "[db]\npassword = \"" + pw + "\" ; blob = " + b64(tok) + "\n"
	allow := []string{Fingerprint(rulePasswordAssignment, pw)}
	res := mustRun(t, finalOnly(added("config/app.ini", text)), policy(func(s *config.Secrets) { s.Allow.Fingerprints = allow }))
	rules := map[string]string{}
	for _, f := range res.Findings {
		rules[f.RuleID] = f.Waived
	}
	if why, ok := rules["github-pat"]; !ok || why != "" {
		t.Errorf("the encoded token is waived (%q) or missing by another secret's waiver:\n%s", why, describe(res.Findings))
	}
	if why, ok := rules[rulePasswordAssignment]; !ok || why == "" {
		t.Errorf("the allow-listed password is not listed as waived:\n%s", describe(res.Findings))
	}
}

// Hits on one secret give the same findings whatever order they come in
// (gitleaks' come in a map's order): the rule named and the fingerprints
// that waive it do not change from one run to the next.
func TestOnePerSecretIsTheSameInAnyOrder(t *testing.T) {
	h := func(rule string, from, to int) hit {
		return hit{rule: rule, fingerprint: rule + ":" + fmt.Sprint(from), startLine: 3, endLine: 3, startCol: from, endCol: to}
	}
	// decoded is a hit on a secret of the given size decoded from the text.
	decoded := func(x hit, size int, tag string) hit {
		x.encoding, x.size, x.fingerprint = "base64", size, x.fingerprint+tag
		return x
	}
	tests := []struct {
		name string
		hits []hit
		want string // the hits kept, each with its aliases
	}{
		{"two provider rules on one token", []hit{h("jfrog-identity-token", 26, 89), h("artifactory-reference-token", 26, 89)},
			"artifactory-reference-token[jfrog-identity-token:26]"},
		{"a generic value over two tokens", []hit{h("aws-access-token", 11, 30), h("github-pat", 32, 71), h(genericRule, 11, 71)},
			"aws-access-token[] github-pat[generic-api-key:11]"},
		{"a chain of overlaps", []hit{h("github-pat", 1, 10), h("curl-auth-header", 8, 30), h(genericRule, 25, 40)},
			"github-pat[curl-auth-header:8 generic-api-key:25]"},
		{"two decoded hits of one rule", []hit{h("github-pat", 5, 20), h("github-pat", 10, 25)},
			"github-pat[github-pat:5]"},
		{"secrets decoded from one text", []hit{decoded(h(genericRule, 44, 291), 17, "a"), decoded(h(genericRule, 44, 291), 64, "b"), decoded(h(genericRule, 44, 291), 64, "c")},
			"generic-api-key[generic-api-key:44a generic-api-key:44c]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range permutations(len(tt.hits)) {
				in := make([]hit, len(order))
				for i, k := range order {
					in[i] = tt.hits[k]
				}
				var got []string
				for _, k := range onePerSecret(in) {
					aliases := slices.Sorted(slices.Values(k.aliases))
					got = append(got, k.rule+"["+strings.Join(aliases, " ")+"]")
				}
				if s := strings.Join(got, " "); s != tt.want {
					t.Errorf("order %v: kept %s, want %s", order, s, tt.want)
				}
			}
		})
	}
}

// permutations returns every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for at := 0; at <= len(p); at++ {
			q := append(append(append([]int{}, p[:at]...), n-1), p[at:]...)
			out = append(out, q)
		}
	}
	return out
}
