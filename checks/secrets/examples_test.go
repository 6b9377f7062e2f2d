package secrets

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

// publishedExample is a value of examples.txt rebuilt at test time from its
// published ingredients, so that the repository holds no credential-shaped
// literal and the file's hashes are checked against their sources.
type publishedExample struct {
	name  string
	value string
	kind  exampleKind
	rule  string // the rule that reports the value where it is not skipped
}

func publishedExamples() []publishedExample {
	enc := base64.RawURLEncoding
	jws := func(header, payload string) string {
		return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	}
	// https://jwt.io/: HS256 over the debugger's default claims, signed with
	// the key the page prints.
	jwtioSigned := jws(`{"alg":"HS256","typ":"JWT"}`, `{"sub":"1234567890","name":"John Doe","iat":1516239022}`)
	mac := hmac.New(sha256.New, []byte("your-256-bit-"+"secret"))
	mac.Write([]byte(jwtioSigned))
	// RFC 7515 A.1 signs RFC 7519's claims with a key whose HMAC is RFC 7636
	// B's code verifier: the same 43 characters.
	rfc7636 := "dBjftJeZ4CVP-mB92K27" + "uhbUJU1p1r_wW1gFWFOEjXk"
	rfcClaims := "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
	return []publishedExample{
		{"jwt.io token", jwtioSigned + "." + enc.EncodeToString(mac.Sum(nil)), anywhere, "jwt"},
		{"AWS documentation key id", "AK" + "IAIOSFODNN7" + "EXAMPLE", anywhere, ""},
		{"AWS documentation secret key", "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY", anywhere, ""},
		{"AWS CLI documentation key id", "AK" + "IAI44QH8DHB" + "EXAMPLE", anywhere, ""},
		{"AWS CLI documentation secret key", "je7MtGbClwBF/2Zp9Utk/" + "h3yCo8nvbEXAMPLEKEY", anywhere, ""},
		{"Stripe sample key", "sk" + "_test_" + "4eC39HqLyjWDarjtT1zdp7dc", anywhere, "stripe-access-token"},
		{"Stripe earlier sample key", "sk" + "_test_" + "BQokikJOvBiI2HlWgH4olfQ2", anywhere, "stripe-access-token"},
		{"Slack OAuth example bot token", "xo" + "xb-" + "17653672481-19874698323-" + "pdFZKVeTuE8sk7oOcBrzbqgy", anywhere, "slack-bot-token"},
		{"Slack example webhook", "https://hooks.slack.com/services/" + "T00000000/B00000000/" + strings.Repeat("X", 24), anywhere, "slack-webhook-url"},
		{"GitHub docs installation token", "gh" + "s_" + "16C7e42F292c6912E7710c838347Ae178B4a", anywhere, "github-app-token"},
		{"GitHub docs temp clone token", "ABTLWHOULUVAXG" + "TRYU7OC2876QJ2O", anywhere, ""},
		{"GitHub docs app client secret", "1726be1638095a19" + "edd134c77bde3aa2ece1e5d8", anywhere, ""},
		{"GitHub docs app webhook secret", "e340154128314309" + "424b7c8e90325147d99fdafa", anywhere, ""},
		{"RFC 7515 A.1 JWS", jws("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}", rfcClaims) + "." + rfc7636, inTestsOnly, "jwt"},
		{"RFC 7519 unsecured JWT", jws(`{"alg":"none"}`, rfcClaims) + ".", inTestsOnly, "jwt"},
		{"RFC 7636 code verifier", rfc7636, inTestsOnly, ""},
	}
}

func TestExamplesListMatchesItsSources(t *testing.T) {
	examples := publishedExamples()
	for _, ex := range examples {
		if got := knownExamples[sha256.Sum256([]byte(ex.value))]; got != ex.kind {
			t.Errorf("%s: kind %d in examples.txt, want %d", ex.name, got, ex.kind)
		}
	}
	if len(knownExamples) != len(examples) {
		t.Errorf("examples.txt has %d entries, the test rebuilds %d: rebuild every entry from its source", len(knownExamples), len(examples))
	}
}

func TestExamplesFileFormat(t *testing.T) {
	good := strings.Repeat("ab", 32)
	tests := []struct {
		name, text string
		ok         bool
	}{
		{"comment and blank lines", "# header\n\n" + good + " example https://example.com/doc what it is\n", true},
		{"no source", good + " example\n", false},
		{"source not a URL", good + " example docs what it is\n", false},
		{"short hash", "abcd example https://example.com/doc what\n", false},
		{"unknown kind", good + " sample https://example.com/doc what\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseExamples(tt.text); (err == nil) != tt.ok {
				t.Errorf("error %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

// Published examples are not findings wherever they are; test vectors are
// not findings in test files only; and a real secret is a finding in any
// file, test files included.
func TestPublishedExamplesAndTestVectors(t *testing.T) {
	g := newGen(31)
	ex := map[string]string{}
	for _, e := range publishedExamples() {
		ex[e.name] = e.value
	}
	tests := []struct {
		name, path, content, want string
	}{
		{"jwt.io token in documentation", "docs/auth.md", "Send `Authorization: Bearer " + ex["jwt.io token"] + "`.", ""},
		{"jwt.io token in code", "web/src/demo.ts", "const token = '" + ex["jwt.io token"] + "';", ""},
		{"a real JWT in documentation", "docs/auth.md", "Send `Authorization: Bearer " + g.jwt() + "`.", "jwt"},
		{"Stripe sample key in a README", "README.md", "stripe.api_key = \"" + ex["Stripe sample key"] + "\"", ""},
		{"Stripe earlier sample key in code", "billing/pay.py", "stripe.api_key = \"" + ex["Stripe earlier sample key"] + "\"", ""},
		{"a real Stripe key of the same shape", "billing/pay.py", "stripe.api_key = \"sk" + "_test_" + g.str(base62, 24) + "\"", "stripe-access-token"},
		{"Slack example webhook in an example config", "deploy/alerts.example.yaml", "slack:\n  webhook_url: " + ex["Slack example webhook"], ""},
		{"Slack example bot token", "docs/slack.md", `"access_token": "` + ex["Slack OAuth example bot token"] + `",`, ""},
		{"a real Slack bot token", "docs/slack.md", `"access_token": "` + g.slackBot() + `",`, "slack-bot-token"},
		{"GitHub REST description's examples", "descriptions/api.github.com.json",
			`{"token": "` + ex["GitHub docs installation token"] + `", "temp_clone_token": "` + ex["GitHub docs temp clone token"] +
				`", "client_secret": "` + ex["GitHub docs app client secret"] + `", "webhook_secret": "` + ex["GitHub docs app webhook secret"] + `"}`, ""},
		{"AWS CLI documentation pair", "docs/aws.md", "aws_access_key_id = " + ex["AWS CLI documentation key id"] + "\naws_secret_access_key = " + ex["AWS CLI documentation secret key"], ""},
		{"RFC 7515 JWS in a Go test", "jws/verify_test.go", "const a1 = \"" + ex["RFC 7515 A.1 JWS"] + "\"", ""},
		{"RFC 7515 JWS in a TypeScript test", "src/jws.test.ts", "const a1 = '" + ex["RFC 7515 A.1 JWS"] + "';", ""},
		{"RFC 7519 unsecured JWT in testdata", "internal/testdata/unsecured.txt", "token: " + ex["RFC 7519 unsecured JWT"], ""},
		{"RFC 7515 JWS outside tests", "jws/verify.go", "const a1 = \"" + ex["RFC 7515 A.1 JWS"] + "\"", "jwt"},
		{"a real JWT in a Go test", "jws/verify_test.go", "const live = \"" + g.jwt() + "\"", "jwt"},
		{"a real GitHub token in testdata", "internal/testdata/config.yml", "token: " + g.githubClassic(), "github-pat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added(tt.path, tt.content)), nil)
			var rules []string
			for _, f := range blocking(res) {
				rules = append(rules, f.RuleID)
			}
			if got := strings.Join(rules, ","); got != tt.want {
				t.Errorf("rules %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsTestPath(t *testing.T) {
	for p, want := range map[string]bool{
		"jws/verify_test.go": true, "src/jws.test.ts": true, "a/b.spec.js": true, "tests/test_jwt.py": true,
		"test/fixtures/x.json": true, "pkg/testdata/a.txt": true, "web/__tests__/a.js": true, "spec/models/user_spec.rb": true,
		"jws/verify.go": false, "docs/testing.md": false, "latest/config.yml": false, "contest/x.go": false,
	} {
		if got := isTestPath(p); got != want {
			t.Errorf("isTestPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// Without the list each example with a rule would be reported by it: the
// skip is what keeps it quiet, not a rule missing it.
func TestExamplesAreFindingsWithoutTheList(t *testing.T) {
	saved := knownExamples
	knownExamples = nil
	defer func() { knownExamples = saved }()
	for _, ex := range publishedExamples() {
		if ex.rule == "" {
			continue
		}
		t.Run(ex.name, func(t *testing.T) {
			res := mustRun(t, finalOnly(added("docs/example.md", "value: "+ex.value)), nil)
			if b := blocking(res); len(b) != 1 || b[0].RuleID != ex.rule {
				t.Errorf("want one %s finding, got %d", ex.rule, len(b))
			}
		})
	}
}
