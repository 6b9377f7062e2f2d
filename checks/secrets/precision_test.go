package secrets

import (
	"net/url"
	"strings"
	"testing"
)

// Shapes that Gatehouse's own rules and the generic rule misread, taken from
// real repositories and pull requests (sources in each case), each next to a
// real secret of the same shape that must still be found.
func TestPrecisionShapes(t *testing.T) {
	g := newGen(30)
	pw := g.password()
	b64 := func(n int) string { return g.str(b64std, n) }
	// A GitHub token whose random part happens to hold padding-like runs:
	// provider tokens are never judged by the placeholder heuristics.
	body := g.str(base62, 24) + "xxxxxx"
	paddedGHP := "gh" + "p_" + body + crc32Base62(body)
	tests := []struct {
		name, path, content string
		want                string // rule expected on line 1, "" for none
	}{
		// Code, not literals (gitleaks' own history: cmd/generate/config/utils).
		{"go index expression", "detect/utils.go", "password := matches[1]", ""},
		{"go struct field set from a variable", "auth/login_test.go", "\t\tPassword: no2FaPass,", ""},
		{"python call", "app/db.py", `password = os.getenv("DB_PASSWORD")`, ""},
		{"go assignment of a name with :=", "cmd/x.sh", "password := defaultPass1", ""},
		{"go string literal is a literal", "auth/login.go", `password := "` + pw + `"`, rulePasswordAssignment},
		{"go struct field with a literal", "auth/login.go", "\t\tPassword: \"" + pw + "\",", rulePasswordAssignment},
		{"unquoted value in an env file is a literal", "deploy/.env", "DB_PASSWORD=" + pw, rulePasswordAssignment},
		// Ciphertext: SOPS (any key type), Vault transit.
		{"sops ciphertext", "secrets/prod.enc.yaml",
			"    password: ENC[AES256_GCM,data:" + b64(24) + ",iv:" + b64(43) + "=,tag:" + b64(22) + "==,type:str]", ""},
		{"sops-encrypted file with its age and MAC metadata", "secrets/prod.enc.yaml",
			"db:\n    password: ENC[AES256_GCM,data:" + b64(24) + ",iv:" + b64(43) + "=,tag:" + b64(22) + "==,type:str]\n" +
				"    api_key: ENC[AES256_GCM,data:" + b64(44) + ",iv:" + b64(43) + "=,tag:" + b64(22) + "==,type:str]\n" +
				"sops:\n    age:\n        - recipient: age1" + g.str("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58) + "\n" +
				"          enc: |\n            -----BEGIN AGE ENCRYPTED FILE-----\n            " + b64(64) + "\n            " + b64(40) + "\n" +
				"            -----END AGE ENCRYPTED FILE-----\n    lastmodified: \"2024-05-02T10:11:12Z\"\n" +
				"    mac: ENC[AES256_GCM,data:" + b64(88) + ",iv:" + b64(43) + "=,tag:" + b64(22) + "==,type:str]\n    version: 3.8.1", ""},
		{"vault transit ciphertext", "config/app.yml", "db_password: vault:v1:" + b64(60), ""},
		// Padding and keyboard filler.
		{"prefix padded with x", "docs/setup.md", "password: AP6xxxxxxxx", ""},
		{"stars", "config/app.yml", `password: "Ab1*****"`, ""},
		{"sequential", "config/app.yml", "password: abcd1234efgh5678", ""},
		{"generic rule on padding", "config/app.yml", "api_key: AP6xxxxxxxxxxxxxxxxxxxxx", ""},
		{"generic rule on sequential filler", "config/app.yml", `api_key = "abcd1234efgh5678ijkl"`, ""},
		{"padding-like run inside a provider token", "config/app.yml", "api_key: " + paddedGHP, "github-pat"},
		// Well-known example passwords, also percent-encoded in a URL.
		{"documentation password", "docs/install.md", `password: "P@ssw0rd!"`, ""},
		{"mssql docker documentation password", "docker-compose.yml", "      SA_PASSWORD: \"YourStrong(!)Password\"", ""},
		{"percent-encoded example password in a URL", "docs/db.md",
			"DATABASE_URL=postgres://app:" + url.PathEscape("P@ssw0rd!") + "@db.corp.internal:5432/app", ""},
		{"percent-encoded real password in a URL", "deploy/.env",
			"DATABASE_URL=postgres://app:" + url.QueryEscape(pw) + "@db.corp.internal:5432/app", ruleURLCredentials},
		// Real lockfiles: babel/babel yarn.lock, a gradle.lockfile.
		{"yarn berry lockfile dependency", "yarn.lock", `    parse-passwd: "npm:^1.0.0"`, ""},
		{"gradle lockfile entry", "gradle.lockfile", "org.apache.logging.log4j:log4j-api:2.19.0=spotbugs", ""},
		{"token in a gradle-like line is still found", "gradle.properties",
			"org.gradle.api_key=" + g.str(base62, 32), "generic-api-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, tt.content)), nil)
			got := ""
			if b := blocking(res); len(b) == 1 {
				got = b[0].RuleID
			} else if len(b) > 1 {
				t.Fatalf("%d findings, want at most one:\n%s", len(b), describe(res.Findings))
			}
			if got != tt.want {
				t.Errorf("rule %q, want %q:\n%s", got, tt.want, describe(res.Findings))
			}
		})
	}
}

func TestPaddingAndSequences(t *testing.T) {
	tests := []struct {
		value       string
		padded, seq bool
	}{
		{"AP6xxxxxxxx", true, false}, {"sk-****", true, false}, {"1234....", true, false},
		{"aaaaaa12", true, false}, {"abcd1234", false, true}, {"12345678", false, true},
		{"abcdefgh", false, true}, {"abcd1234efgh5678", false, true},
		{"Tr0ub4dor&3x", false, false}, {"AAAAAAAAAAC7hjsA+H3owFygUv4w5B67lcSx14zff9FCPADiNbSwYWgE", false, false},
		{"k9Qe7xxxxZr2LmT8vW3nB5cY1dF6gH0jK4", false, false}, {"Zx9!rT5#qW2m", false, false}, {"xxx1", false, false},
	}
	for _, tt := range tests {
		if got := isPadded(tt.value); got != tt.padded {
			t.Errorf("isPadded(%q) = %v, want %v", tt.value, got, tt.padded)
		}
		if got := isSequential(normalizeWord(tt.value)); got != tt.seq {
			t.Errorf("isSequential(%q) = %v, want %v", tt.value, got, tt.seq)
		}
	}
}

func TestVersionSpecs(t *testing.T) {
	for _, v := range []string{"npm:^1.0.0", "^1.0.0", "~2.1", ">=1.2.3-rc.1", "1.2.x", "workspace:*", "npm:@babel/core@^7.22.0"} {
		if !isVersionSpec(v) {
			t.Errorf("isVersionSpec(%q) = false", v)
		}
	}
	for _, v := range []string{"S3cr3t!pa$$w0rd#", "v3ry-S3cret", strings.Repeat("9", 3) + "!Abc", "2024-Summerx", "7-Kq3mZp9xL2Wd"} {
		if isVersionSpec(v) {
			t.Errorf("isVersionSpec(%q) = true", v)
		}
	}
}
