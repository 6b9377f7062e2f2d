package secrets

import (
	"slices"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// Where Gatehouse reports differently from gitleaks' rules on purpose. Each
// case pins what gitleaks v8.30.1 reports, so that an upgrade that changes it
// shows here, and what Gatehouse reports instead, and why.
func TestDocumentedDifferencesFromGitleaks(t *testing.T) {
	rules, allow, err := loadDefaults()
	if err != nil {
		t.Fatal(err)
	}
	gl := newGitleaks(rules, allow)
	g := newGen(50)
	ex := map[string]string{}
	for _, e := range publishedExamples() {
		ex[e.name] = e.value
	}
	dd32, dd40 := g.str(hexDigits, 32), g.str(hexDigits, 40)
	discord := "M" + g.str(base62, 25) + "." + g.str(b64url, 6) + "." + g.str(b64url, 38)
	tests := []struct {
		why, path, content  string
		gitleaks, gatehouse string // rules reported, comma-separated
	}{
		// Precision: published examples by value, test vectors in tests.
		{"the jwt.io token is a published example", "docs/auth.md", "Bearer " + ex["jwt.io token"], "jwt", ""},
		{"Stripe's sample key is a published example", "README.md", `stripe.api_key = "` + ex["Stripe sample key"] + `"`, "stripe-access-token", ""},
		{"Slack's example webhook is a published example", "alerts.example.yaml", "url: " + ex["Slack example webhook"], "slack-webhook-url", ""},
		{"an RFC 7515 vector in a test file is a test vector", "jws/verify_test.go", `const a1 = "` + ex["RFC 7515 A.1 JWS"] + `"`, "jwt", ""},
		// Precision: the generic rule on filler and lockfiles.
		{"keyboard filler is a placeholder", "config/app.yml", `api_key = "abcd1234efgh5678ijkl"`, "generic-api-key", ""},
		{"a gradle.lockfile entry is not an assignment", "gradle.lockfile", "org.apache.logging.log4j:log4j-api:2.19.0=spotbugs", "generic-api-key", ""},
		// Recall: context on the lines above, flags, headers, Vault.
		{"a Kubernetes env entry's name is its value's key", "k8s/agent.yaml", "- name: DD_API_KEY\n  value: \"" + dd32 + "\"", "", "generic-api-key"},
		{"a Terraform provider block names its keys' provider", "main.tf", "provider \"datadog\" {\n  app_key = \"" + dd40 + "\"\n}", "generic-api-key", "datadog-access-token"},
		{"a Discord bot token in an Authorization header", "send.sh", `curl -H "Authorization: Bot ` + discord + `" https://discord.com/api`, "", ruleAuthHeader},
		{"a namespaced legacy Vault token", "env.sh", "export VAULT_TOKEN=s." + g.str(base62, 24) + "." + g.str(base62, 5), "generic-api-key", ruleVaultToken},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			var theirs, ours []string
			for _, f := range gl.Detect(detect.Fragment{Raw: tt.content, FilePath: tt.path, StartLine: 1}) {
				theirs = append(theirs, f.RuleID)
			}
			for _, f := range blocking(mustRun(t, finalOnly(added(tt.path, tt.content)), nil)) {
				ours = append(ours, f.RuleID)
			}
			slices.Sort(theirs)
			slices.Sort(ours)
			if got := strings.Join(theirs, ","); got != tt.gitleaks {
				t.Errorf("gitleaks reports %q, the test says %q: gitleaks changed", got, tt.gitleaks)
			}
			if got := strings.Join(ours, ","); got != tt.gatehouse {
				t.Errorf("Gatehouse reports %q, want %q", got, tt.gatehouse)
			}
		})
	}
}
