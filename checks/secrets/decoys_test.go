package secrets

import (
	"strings"
	"testing"
)

func TestDecoysAreNotFlagged(t *testing.T) {
	g := newGen(10)
	tests := []struct {
		name, path, content string
	}{
		{"AWS documentation key id", "docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"},
		{"AWS documentation secret key", "docs/aws.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{"sha256 checksums", "release/SHA256SUMS", g.sha256Hex() + "  gatehouse_linux_amd64.tar.gz\nchecksum: sha256:" + g.sha256Hex()},
		{"sha1 commit ids", "CHANGELOG.md", "- fix parser (" + g.sha1Hex() + ")\n  commit: " + g.sha1Hex()},
		{"uuids", "db/seed.sql", "INSERT INTO users (id) VALUES ('" + g.uuid() + "');\nrequest_id = \"" + g.uuid() + "\""},
		{"package-lock integrity", "package-lock.json", "    \"node_modules/left-pad\": {\n      \"version\": \"1.3.0\",\n      \"integrity\": \"" + g.integrity() + "\"\n    }"},
		{"go.sum", "go.sum", g.goSumLine() + "\n" + g.goSumLine() + "\n" + g.goSumLine()},
		{"go.sum lines elsewhere", "third_party/deps.txt", g.goSumLine() + "\n" + g.goSumLine()},
		{"empty password", "app/settings.py", `password = ""`},
		{"password from the environment", "config/db.yml", "database:\n  password: ${DB_PASSWORD}"},
		{"password from the environment, no braces", "config/db.yml", "password: $DB_PASSWORD"},
		{"URL placeholder", "README.md", "Use `postgres://user:password@localhost:5432/db`."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, tt.content)), nil)
			if len(res.Findings) != 0 {
				t.Errorf("decoy flagged:\n%s", describe(res.Findings))
			}
		})
	}
}

// gitleaks' default configuration skips these paths; this engine does not,
// because a pull request's author chooses them.
func TestPathsGitleaksWouldSkipAreScanned(t *testing.T) {
	tok := newGen(11).githubClassic()
	for _, path := range []string{
		"node_modules/left-pad/index.js",
		"vendor/github.com/acme/lib/client.go",
		"web/vendor/jquery.min.js",
		"config/gitleaks.toml",
		".gitleaks.toml",
		"package-lock.json",
		"go.sum",
	} {
		t.Run(path, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(path, "x\ntoken = \""+tok+"\"")), nil)
			if len(res.Blocking()) != 1 || res.Findings[0].StartLine != 2 {
				t.Errorf("secret in %s not reported:\n%s", path, describe(res.Findings))
			}
		})
	}
}

func TestEncodedSecretsAreDecoded(t *testing.T) {
	g := newGen(12)
	tok := g.githubClassic()
	encoded := b64(`{"auth":"` + tok + `"}`)
	res := mustRun(t, finalOnly(added("k8s/secret.yml", "kind: Secret\ndata:\n  config: "+encoded)), nil)
	at := findingsAt(res, "k8s/secret.yml", 3)
	if len(at) != 1 || at[0].RuleID != "github-pat" || at[0].Fingerprint != Fingerprint("github-pat", tok) {
		t.Errorf("base64-encoded token not found on line 3:\n%s", describe(res.Findings))
	}
	if strings.Contains(describe(res.Findings), encoded[:20]) {
		t.Errorf("encoded form echoed")
	}
}
