package secrets

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// want is a finding a test expects at an exact place.
type want struct {
	rule               string
	startLine, endLine int
	// secret is what the columns must point at on a single-line finding.
	secret string
}

func TestKnownSecretsFoundOnTheirLines(t *testing.T) {
	g := newGen(1)
	rsaKey, ecKey := realKeys(t)
	sshKey := g.openSSHKey()
	keyID, secretKey := g.awsKeyID(), g.awsSecretKey()
	ghp, pat := g.githubClassic(), g.githubFineGrained()
	slack, stripe, google, jwt := g.slackBot(), g.stripe(), g.googleAPI(), g.jwt()
	urlPass, pw := g.password(), "S3cr3t!pa$$w0rd#"
	lines := func(s string) int { return strings.Count(s, "\n") + 1 }

	tests := []struct {
		name    string
		path    string
		first   int // first added line; 1 for a new file
		content string
		want    []want
	}{
		{"aws key pair", "deploy/aws.ini", 1,
			"[default]\naws_access_key_id = " + keyID + "\naws_secret_access_key = " + secretKey + "\nregion = eu-west-1",
			[]want{{"aws-access-token", 2, 2, keyID}, {"generic-api-key", 3, 3, secretKey}}},
		{"github classic token with checksum", "scripts/release.sh", 1,
			"#!/bin/sh\nexport GITHUB_TOKEN=" + ghp + "\ngh release create",
			[]want{{"github-pat", 2, 2, ghp}}},
		{"github fine-grained token", "ci/config.yml", 40,
			"steps:\n  - token: " + pat,
			[]want{{"github-fine-grained-pat", 41, 41, pat}}},
		{"slack bot token", "bot/app.py", 1,
			"import slack\n\nclient = slack.WebClient(token='" + slack + "')",
			[]want{{"slack-bot-token", 3, 3, slack}}},
		{"stripe live key", "billing/stripe.go", 12,
			"package billing\n\nconst key = \"" + stripe + "\"",
			[]want{{"stripe-access-token", 14, 14, stripe}}},
		{"google api key", "web/maps.js", 1,
			"const maps = load({\n  apiKey: \"" + google + "\",\n});",
			[]want{{"gcp-api-key", 2, 2, google}}},
		{"rsa private key block", "certs/server.txt", 1,
			"notes\n" + rsaKey + "\nend",
			[]want{{"private-key", 2, 1 + lines(rsaKey), ""}}},
		{"ec private key block in a modified file", "certs/ec.txt", 200,
			ecKey,
			[]want{{"private-key", 200, 199 + lines(ecKey), ""}}},
		{"openssh private key block", "home/id_ed25519.bak", 1,
			sshKey + "\n",
			[]want{{"private-key", 1, lines(sshKey), ""}}},
		{"jwt", "api/client_test.go", 1,
			"package api\n\nvar bearer = \"" + jwt + "\"",
			[]want{{"jwt", 3, 3, jwt}}},
		{"credentials in a URL", "docker-compose.yml", 1,
			"services:\n  app:\n    environment:\n      DATABASE_URL: postgres://billing:" + urlPass + "@db.internal:5432/billing",
			[]want{{ruleURLCredentials, 4, 4, urlPass}}},
		{"password with punctuation", "app/settings.py", 1,
			"DEBUG = False\npassword = \"" + pw + "\"",
			[]want{{rulePasswordAssignment, 2, 2, pw}}},
		{"secret on a later line of a run: columns not shifted", "a/b.txt", 1,
			"first line\nsecond\n    " + ghp,
			[]want{{"github-pat", 3, 3, ghp}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := addedAt(tt.path, tt.first, tt.content)
			res := mustRun(t, finalOnly(f), policy(nil))
			if res.Conclusion != checks.Failure {
				t.Errorf("conclusion = %s, want failure", res.Conclusion)
			}
			if got := len(blocking(res)); got != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", got, len(tt.want), describe(res.Findings))
			}
			for _, w := range tt.want {
				at := findingsAt(res, tt.path, w.startLine)
				if len(at) != 1 || at[0].RuleID != w.rule || at[0].EndLine != w.endLine {
					t.Fatalf("want %s at %s:%d-%d, got:\n%s", w.rule, tt.path, w.startLine, w.endLine, describe(res.Findings))
				}
				got := at[0]
				if got.Level != checks.LevelFailure || got.Commit != sha("c1") {
					t.Errorf("level %s commit %q, want failure from the only commit", got.Level, got.Commit)
				}
				if w.secret != "" {
					line := tt.content
					line = strings.Split(line, "\n")[w.startLine-tt.first]
					col := strings.Index(line, w.secret) + 1
					if got.StartColumn != col || got.EndColumn != col+len(w.secret)-1 {
						t.Errorf("columns %d-%d, want %d-%d", got.StartColumn, got.EndColumn, col, col+len(w.secret)-1)
					}
				} else if got.StartColumn != 0 || got.EndColumn != 0 {
					t.Errorf("multi-line finding has columns %d-%d", got.StartColumn, got.EndColumn)
				}
			}
		})
	}
}

func TestCredentialsInURLs(t *testing.T) {
	g := newGen(2)
	pass := g.password()
	tests := []struct {
		name string
		line string
		want bool
	}{
		{"real credentials", "url = \"https://deploy:" + pass + "@git.corp.internal/repo.git\"", true},
		{"redis with empty user", "REDIS_URL=redis://:" + pass + "@cache-1.prod:6379/0", true},
		{"user:password placeholder", "url: https://user:password@git.corp.internal/x", false},
		{"environment reference", "url: postgres://app:${DB_PASSWORD}@db:5432/app", false},
		{"angle placeholder", "postgres://app:<password>@db:5432/app", false},
		{"changeme", "amqp://guest:changeme@rabbit:5672/", false},
		{"user equals password", "postgres://postgres:postgres@localhost:5432/test", false},
		{"example host", "https://alice:" + pass + "@example.com/path", false},
		{"no password", "https://alice@git.corp.internal/repo.git", false},
		{"port, not password", "http://localhost:8080/path", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added("conf/urls.txt", "# urls\n"+tt.line)), policy(nil))
			got := false
			for _, f := range res.Findings {
				if f.RuleID == ruleURLCredentials && f.StartLine == 2 {
					got = true
				}
			}
			if got != tt.want {
				t.Errorf("flagged = %v, want %v:\n%s", got, tt.want, describe(res.Findings))
			}
		})
	}
}

func TestPasswordAssignments(t *testing.T) {
	tests := []struct {
		name string
		line string
		want bool
	}{
		{"python literal", `password = "S3cr3t!pa$$w0rd#"`, true},
		{"yaml", `  db_password: 'Tr0ub4dor&3x'`, true},
		{"json", `{"adminPassword": "9#kLm2&Qz!w"}`, true},
		{"env file", `DB_PASSWORD=Zx9!rT5#qW2m`, true},
		{"empty", `password = ""`, false},
		{"environment reference", `password: ${DB_PASSWORD}`, false},
		{"placeholder", `password: "<your-password>"`, false},
		{"leet placeholder", `password = "P@ssw0rd"`, false},
		{"ui label", `"password": "Mot-de-passe"`, false},
		{"code expression", `password = os.getenv("DB_PASSWORD")`, false},
		{"attribute", `password = settings.database.password`, false},
		{"template", `password: "{{ .Values.db.password }}"`, false},
		{"hash field", `password_hash = "$2b$12$abcdefghijklmnopqrstuv"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added("conf/app.cfg", tt.line)), policy(nil))
			got := len(blocking(res)) > 0
			if got != tt.want {
				t.Errorf("flagged = %v, want %v:\n%s", got, tt.want, describe(res.Findings))
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		value string
		want  bool
	}{
		{"${DB_PASSWORD}", true}, {"$DB_PASSWORD", true}, {"${PW:-dev}", true}, {"$(pass show db)", true}, {"$1", true},
		{"{{ .Values.password }}", true}, {"<password>", true}, {"%s", true}, {"@DB_PASS@", true},
		{"changeme", true}, {"your_password_here", true}, {"P@ssw0rd", true}, {"xxxxxxxx", true}, {"********", true},
		{"$ecretP4ss!", false}, {"S3cr3t!pa$$w0rd#", false}, {"Tr0ub4dor&3x", false},
	}
	for _, tt := range tests {
		if got := isPlaceholder(tt.value); got != tt.want {
			t.Errorf("isPlaceholder(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}
