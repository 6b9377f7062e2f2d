package secrets

import (
	"strings"
	"testing"
)

// Shapes real repositories use to hand a credential to a tool, each found
// on the secret's own line and columns (sources in each case), next to the
// same shape holding a reference or placeholder, which is not a finding.
func TestRecallShapes(t *testing.T) {
	g := newGen(40)
	dd32, dd40 := g.str(hexDigits, 32), g.str(hexDigits, 40)
	tok, pw := g.str(base62, 40), g.password()
	discord := "M" + g.str(base62, 25) + "." + g.str(b64url, 6) + "." + g.str(b64url, 38)
	ghp, jwt := g.githubClassic(), g.jwt()
	vaultNS := "s." + g.str(base62, 24) + "." + g.str(base62, 5)
	vaultLetters := "s." + g.str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 24)
	tests := []struct {
		name, path, content string
		rule                string // "" for no finding
		secret              string // the finding's text, on its own line
	}{
		// A provider's or variable's name on the lines above the value.
		{"kubernetes env entry (Datadog agent manifest)", "k8s/datadog-agent.yaml",
			"      containers:\n        - name: datadog-agent\n          env:\n            - name: DD_API_KEY\n              value: \"" + dd32 + "\"",
			"generic-api-key", dd32},
		{"ECS task definition env entry", "ecs/task.json",
			"  \"environment\": [\n    {\n      \"name\": \"DD_API_KEY\",\n      \"value\": \"" + dd32 + "\"\n    }\n  ]",
			"generic-api-key", dd32},
		{"ECS container definition env entry on one line", "infra/task.tf",
			"      environment = [{ name = \"DD_API_KEY\", value = \"" + dd32 + "\" }]", "generic-api-key", dd32},
		{"JSON env entry on one line", "ecs/task.json",
			"    {\"name\": \"DD_API_KEY\", \"value\": \"" + dd32 + "\"},", "generic-api-key", dd32},
		{"kubernetes env entry holding a password", "k8s/db.yaml",
			"env:\n  - name: POSTGRES_PASSWORD\n    value: " + pw, rulePasswordAssignment, pw},
		{"YAML nested under datadog: (Helm values)", "charts/values.yaml",
			"datadog:\n  site: datadoghq.eu\n  appKey: " + dd40, "datadog-access-token", dd40},
		{"Terraform provider block", "infra/main.tf",
			"provider \"datadog\" {\n  api_url = \"https://api.datadoghq.eu/\"\n  app_key = \"" + dd40 + "\"\n}", "datadog-access-token", dd40},
		{"JSON object", "config/services.json",
			"{\n  \"datadog\": {\n    \"app_key\": \"" + dd40 + "\"\n  }\n}", "datadog-access-token", dd40},
		{"TOML section", "config/app.toml", "[datadog]\napp_key = \"" + dd40 + "\"", "datadog-access-token", dd40},
		{"placeholder under a provider's mapping (DataDog/helm-charts test values)", "test/values/npm-values.yaml",
			"datadog:\n  apiKey: \"" + strings.Repeat("0", 32) + "\"\n  appKey: \"" + strings.Repeat("0", 40) + "\"", "", ""},
		{"kubernetes env entry from a template", "charts/templates/agent.yaml",
			"            - name: DD_API_KEY\n              value: \"{{ .Values.datadog.apiKey }}\"", "", ""},
		{"kubernetes env entry that is not a credential", "k8s/app.yaml",
			"  - name: LOG_LEVEL\n    value: debug-verbose-2024", "", ""},
		{"a sibling mapping does not inherit the context", "charts/values.yaml",
			"datadog:\n  site: datadoghq.eu\nmetrics:\n  app_key: " + dd40, "generic-api-key", dd40},
		{"context further than three lines is not used", "charts/values.yaml",
			"datadog:\n  a: 1\n  b: 2\n  c: 3\n  app_key: " + dd40, "generic-api-key", dd40},
		// Command-line flags in shell, Dockerfile, Makefile.
		{"--token in a deploy script", "scripts/deploy.sh", "mycli deploy --token " + tok + " --env prod", ruleCLIFlag, tok},
		{"--api-key= in a Dockerfile", "Dockerfile", "RUN agent install --api-key=" + tok, ruleCLIFlag, tok},
		{"docker login -p in a Makefile", "Makefile", "push:\n\tdocker login -u deploy -p " + pw + " registry.corp.internal", ruleCLIFlag, pw},
		{"a provider token in a flag is named by its provider", "scripts/release.sh", "gh auth login --with-token --token " + ghp, "github-pat", ghp},
		{"--token from the environment", "scripts/deploy.sh", "mycli deploy --token \"$DEPLOY_TOKEN\"", "", ""},
		{"--token from a CI secret", ".github/workflows/release.yml", "      - run: npm publish --token \"${{ secrets.NPM_TOKEN }}\"", "", ""},
		{"--key naming a file", "scripts/tls.sh", "openssl req --key ./certs/server2048.key", "", ""},
		{"-p of mkdir", "scripts/setup.sh", "mkdir -p /opt/app2/Data", "", ""},
		{"-p of docker run", "scripts/run.sh", "docker run -p 8080:80 -u app nginx", "", ""},
		// Authorization headers (cheesits456/discord.bash, discord.py examples).
		{"Discord bot header in curl", "send_message.sh",
			"curl -X POST \\\n\t -H \"Authorization: Bot " + discord + "\" \\\n\t https://discord.com/api/v10/channels/1/messages", ruleAuthHeader, discord},
		{"Discord bot header in Python", "bot/api.py", "headers = {\"Authorization\": \"Bot " + discord + "\"}", ruleAuthHeader, discord},
		{"bearer header in a Makefile", "Makefile", "deploy:\n\thttp POST api.corp.internal/x \"Authorization: Bearer " + tok + "\"", ruleAuthHeader, tok},
		{"a JWT in a bearer header is named a JWT", "scripts/call.sh", "http GET api.corp.internal \"Authorization: Bearer " + jwt + "\"", "jwt", jwt},
		{"header from a variable", "send_message.sh", "curl -H \"Authorization: Bot $TOKEN\" https://discord.com/api", "", ""},
		{"header placeholder", "docs/discord.md", "-H \"Authorization: Bot YOUR_BOT_TOKEN_HERE\"", "", ""},
		// Legacy Vault tokens where Vault is named.
		{"namespaced legacy Vault token", "scripts/env.sh", "export VAULT_TOKEN=" + vaultNS, ruleVaultToken, vaultNS},
		{"legacy Vault token of letters only, Vault on the line above", "ci/vault.env",
			"VAULT_ADDR=https://vault.corp.internal:8200\nTOKEN=" + vaultLetters, ruleVaultToken, vaultLetters},
		{"the same text without Vault", "web/app.js", "const cls = " + vaultLetters + ";", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, tt.content)), nil)
			b := blocking(res)
			if tt.rule == "" {
				if len(b) != 0 {
					t.Fatalf("%d findings, want none: %s", len(b), b[0].RuleID)
				}
				return
			}
			if len(b) != 1 || b[0].RuleID != tt.rule {
				var rules []string
				for _, f := range b {
					rules = append(rules, f.RuleID)
				}
				t.Fatalf("rules %v, want one %s", rules, tt.rule)
			}
			lines := strings.Split(tt.content, "\n")
			for i, l := range lines {
				if col := strings.Index(l, tt.secret); col >= 0 {
					if b[0].StartLine != i+1 || b[0].StartColumn != col+1 || b[0].EndColumn != col+len(tt.secret) {
						t.Errorf("at %d:%d-%d, want %d:%d-%d", b[0].StartLine, b[0].StartColumn, b[0].EndColumn, i+1, col+1, col+len(tt.secret))
					}
					return
				}
			}
			t.Fatal("the test's secret is not in its content")
		})
	}
}

func TestHeaderNames(t *testing.T) {
	tests := []struct {
		line, name string
	}{
		{"datadog:", "datadog"}, {`"datadog": {`, "datadog"}, {`provider "datadog" {`, "provider_datadog"},
		{`resource "datadog_monitor" "cpu" {`, "resource_datadog_monitor_cpu"}, {"[datadog]", "datadog"},
		{"- slack:", "slack"}, {"datadog = {", "datadog"},
		{"func main() {", ""}, {"if x > 0 {", ""}, {"def f(x):", ""}, {"case \"a\", \"b\":", ""}, {"value: x", ""},
	}
	for _, tt := range tests {
		text, ok := headerText(tt.line)
		if name := headerName(text); ok != (tt.name != "") || ok && name != tt.name {
			t.Errorf("header %q: %q, %v; want %q", tt.line, headerName(text), ok, tt.name)
		}
	}
}
