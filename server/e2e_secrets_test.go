package server_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// planted is a generated secret placed on a known line of a file.
type planted struct {
	kind, path string
	line       int
	secret     string // the value that must never be echoed
	text       string // the line(s) as written
}

func randFrom(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.Intn(len(alphabet))]
	}
	return string(b)
}

const (
	upperNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	alnum    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b64      = alnum + "+/"
)

// plantSecrets builds one of every kind the issue names, built at run time
// so that this repository holds no credential-shaped literal.
func plantSecrets() []planted {
	r := rand.New(rand.NewSource(42))
	awsID := "AK" + "IA" + randFrom(r, upperNum, 16)
	awsSecret := randFrom(r, b64, 40)
	ghp := "gh" + "p_" + randFrom(r, alnum, 36)
	pat := "github" + "_pat_" + randFrom(r, alnum, 22) + "_" + randFrom(r, alnum, 59)
	slack := "xo" + "xb-" + randFrom(r, "0123456789", 12) + "-" + randFrom(r, "0123456789", 13) + "-" + randFrom(r, alnum, 24)
	stripe := "sk" + "_live_" + randFrom(r, alnum, 32)
	google := "AI" + "za" + randFrom(r, alnum, 35)
	keyBody := randFrom(r, b64, 64) + "\n" + randFrom(r, b64, 64) + "\n" + randFrom(r, b64, 64)
	jwt := "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkdhdGVob3VzZSIsImlhdCI6MTUxNjIzOTAyMn0." + randFrom(r, alnum, 43)
	dbPass := "Zq" + randFrom(r, alnum, 14) + "!x"
	assignPass := "Tr0" + randFrom(r, alnum, 12) + "&-h0rse!"
	return []planted{
		{kind: "aws id", path: "deploy/aws.env.sh", line: 3, secret: awsID, text: "export AWS_ACCESS_KEY_ID=" + awsID},
		{kind: "aws secret", path: "deploy/aws.env.sh", line: 4, secret: awsSecret, text: "export AWS_SECRET_ACCESS_KEY=" + awsSecret},
		{kind: "github classic", path: "scripts/release.py", line: 5, secret: ghp, text: `TOKEN = "` + ghp + `"`},
		{kind: "github fine-grained", path: "scripts/ci.sh", line: 2, secret: pat, text: "GH_TOKEN=" + pat},
		{kind: "slack", path: "app/notify.go", line: 7, secret: slack, text: `const slackToken = "` + slack + `"`},
		{kind: "stripe", path: "app/billing.rb", line: 2, secret: stripe, text: `Stripe.api_key = "` + stripe + `"`},
		{kind: "google", path: "web/config.js", line: 4, secret: google, text: `const mapsKey = "` + google + `";`},
		{kind: "private key", path: "certs/server.txt", line: 2, secret: keyBody, text: "-----BEGIN RSA PRIVATE KEY-----\n" + keyBody + "\n-----END RSA PRIVATE KEY-----"},
		{kind: "jwt", path: "tests/fixtures/auth.json", line: 3, secret: jwt, text: `  "token": "` + jwt + `",`},
		{kind: "url credentials", path: "config/database.yml", line: 2, secret: dbPass, text: "  url: postgres://admin:" + dbPass + "@db.internal.corp:5432/app"},
		{kind: "password assignment", path: "config/settings.ini", line: 3, secret: assignPass, text: `password = "` + assignPass + `"`},
	}
}

// fileContents lays the planted lines out on their lines, with filler around.
func fileContents(ps []planted) map[string]string {
	lines := map[string][]string{}
	for _, p := range ps {
		ls := lines[p.path]
		for len(ls) < p.line-1 {
			ls = append(ls, fmt.Sprintf("# filler %d", len(ls)+1))
		}
		ls = append(ls, strings.Split(p.text, "\n")...)
		lines[p.path] = ls
	}
	out := map[string]string{}
	for path, ls := range lines {
		out[path] = strings.Join(append(ls, "# end"), "\n") + "\n"
	}
	return out
}

// pieces returns every 12-character piece of every secret (newlines removed).
func pieces(ps []planted) []string {
	var out []string
	for _, p := range ps {
		s := strings.ReplaceAll(p.secret, "\n", "")
		for i := 0; i+12 <= len(s); i++ {
			out = append(out, s[i:i+12])
		}
	}
	return out
}

// assertNothingEchoed searches everything Gatehouse sent GitHub, everything it
// logged and every notification for any 12-character piece of a secret.
func assertNothingEchoed(t *testing.T, e *env, ps []planted, extra ...string) {
	t.Helper()
	var sent strings.Builder
	for _, c := range e.gh.Calls() {
		sent.Write(c.RequestBody)
		sent.WriteString(c.Path + "?" + c.RawQuery + "\n")
	}
	haystacks := map[string]string{"requests to GitHub": sent.String(), "server logs": e.logs.String()}
	for i, x := range extra {
		haystacks[fmt.Sprintf("extra %d", i)] = x
	}
	for where, h := range haystacks {
		for _, p := range pieces(ps) {
			if strings.Contains(h, p) {
				t.Fatalf("a piece of a secret (%s…) reached the %s", p[:4], where)
			}
		}
	}
}

func TestSecretsFoundOnTheirLinesAndNeverEchoed(t *testing.T) {
	t.Parallel()
	s, url := newSink(t)
	e := newEnv(t, withNotify(url))
	ps := plantSecrets()
	pr := e.openPR("leaks", fileContents(ps))
	e.opened(pr)
	run := e.run(pr, "gatehouse/secrets")
	if run.Conclusion != "failure" {
		t.Fatalf("secrets = %s %q", run.Conclusion, run.Title)
	}
	for _, p := range ps {
		found := false
		for _, a := range run.Annotations {
			if a.Path == p.path && a.StartLine == p.line && a.AnnotationLevel == "failure" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no failure annotation at %s:%d", p.kind, p.path, p.line)
		}
	}
	for _, a := range run.Annotations {
		mustContain(t, "annotation message", a.Message, "otate") // rotate / Rotate
		if a.StartLine != a.EndLine && a.StartColumn != nil {
			t.Errorf("columns on a multi-line annotation: %+v", a)
		}
	}
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "failure" {
		t.Errorf("gate = %s", gate.Conclusion)
	}
	msg := s.waitFor(t, "secret")
	assertNothingEchoed(t, e, ps, msg)
}

func TestSecretAddedThenRemovedIsStillReported(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ps := plantSecrets()[2:3] // a GitHub token in scripts/release.py line 5
	e.repo.CreateBranch("oops", "main")
	first := e.repo.Commit("oops", "add release script", "dev", contents(fileContents(ps)))
	e.repo.Commit("oops", "remove the token", "dev", contents(map[string]string{ps[0].path: "\x00delete"}))
	pr := e.gh.OpenPR(e.repo, githubtest.PROptions{Head: "oops", Title: "oops", Author: "dev"})
	e.opened(pr)
	run := e.run(pr, "gatehouse/secrets")
	if run.Conclusion != "failure" || len(run.Annotations) == 0 {
		t.Fatalf("secrets = %s with %d annotations: a deleted secret is still leaked", run.Conclusion, len(run.Annotations))
	}
	a := run.Annotations[0]
	if a.Path != ps[0].path || a.StartLine != ps[0].line {
		t.Errorf("annotation at %s:%d, want %s:%d", a.Path, a.StartLine, ps[0].path, ps[0].line)
	}
	mustContain(t, "annotation", a.Message, first[:7])
	mustContain(t, "summary", run.Summary, "no longer contains")
	assertNothingEchoed(t, e, ps)
}

func TestSecretInForkPullRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ps := plantSecrets()[5:6]
	fork := e.repo.Fork("outsider")
	fork.CreateBranch("patch", "main")
	fork.Commit("patch", "billing", "outsider", contents(fileContents(ps)))
	pr := e.gh.OpenPR(e.repo, githubtest.PROptions{Head: "patch", HeadRepo: fork, Title: "fork", Author: "outsider"})
	e.deliver("pull_request", e.gh.PullRequestEvent("opened", pr, "outsider"))
	if run := e.run(pr, "gatehouse/secrets"); run.Conclusion != "failure" {
		t.Fatalf("secrets = %s on a fork PR", run.Conclusion)
	}
	assertNothingEchoed(t, e, ps)
}

func TestSecretWaivers(t *testing.T) {
	t.Parallel()
	ps := plantSecrets()
	stripe := ps[5]
	cases := []struct {
		name   string
		policy string
		text   string
		gate   string // the gate's conclusion
		needs  bool   // InfoSec is asked to approve the waiver
	}{
		{name: "allowed path", policy: "version: 1\nsecrets:\n  allow:\n    paths: ['app/**']\n", gate: "success"},
		{name: "inline marker needs InfoSec by default", policy: infosecPolicy, text: ` # gatehouse:allow`, gate: "action_required", needs: true},
		{name: "inline marker on the author's word", policy: infosecPolicy + "secrets:\n  allow:\n    inline: true\n", text: ` # gatehouse:allow`, gate: "success"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := infosecEnv(t)
			e.repo.Commit("main", "policy", "admin", contents(map[string]string{".security.yml": c.policy}))
			p := stripe
			p.text += c.text
			pr := e.openPR("waive", fileContents([]planted{p}))
			e.opened(pr)
			run := e.run(pr, "gatehouse/secrets")
			if run.Conclusion != "success" {
				t.Fatalf("secrets = %s %q: the waiver was not honoured", run.Conclusion, run.Title)
			}
			mustContain(t, "summary", strings.ToLower(run.Summary), "waived")
			gate := e.run(pr, "gatehouse")
			if gate.Conclusion != c.gate {
				t.Fatalf("gate = %s %q, want %s\n%s", gate.Conclusion, gate.Title, c.gate, gate.Summary)
			}
			requested := e.gh.RequestedReviewers("octo-org", "widgets", pr.Number())
			if c.needs {
				mustContain(t, "gate summary", gate.Summary, fmt.Sprintf("%s:%d", p.path, p.line), "gatehouse:allow")
				if strings.Join(requested.Teams, ",") != "security" {
					t.Errorf("requested teams = %v, want InfoSec asked to confirm the waiver", requested.Teams)
				}
				rv := pr.SubmitReview("sec-alice", "APPROVED", "", "not a secret")
				e.deliver("pull_request_review", e.gh.PullRequestReviewEvent("submitted", pr, rv))
				if gate := e.run(pr, "gatehouse"); gate.Conclusion != "success" {
					t.Errorf("gate after InfoSec approved the waiver = %s %q", gate.Conclusion, gate.Title)
				}
			} else if len(requested.Teams) != 0 {
				t.Errorf("requested teams = %v for a waiver that needs nobody", requested.Teams)
			}
			assertNothingEchoed(t, e, []planted{p})
		})
	}
}

// TestMarkerAddedLaterDoesNotWaiveTheLeak: a commit adds a token, the next
// appends an allow marker to its line. The first commit is in the history the
// merge brings in, so the token is leaked whatever the head says.
func TestMarkerAddedLaterDoesNotWaiveTheLeak(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := plantSecrets()[5]
	marked := p
	marked.text += " # gatehouse:allow"
	pr := e.openPR("leak", fileContents([]planted{p}))
	first := pr.HeadSHA()
	e.repo.Push("leak", "waive it", "dev", contents(fileContents([]planted{marked})))
	e.deliver("pull_request", e.gh.PullRequestEvent("opened", pr, "dev"))
	run := e.run(pr, "gatehouse/secrets")
	if run.Conclusion != "failure" {
		t.Fatalf("secrets = %s %q: a marker added by a later commit waived an earlier commit's leak", run.Conclusion, run.Title)
	}
	mustContain(t, "summary", run.Summary, fmt.Sprintf("%s:%d", p.path, p.line), first[:7])
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "failure" {
		t.Errorf("gate = %s", gate.Conclusion)
	}
	assertNothingEchoed(t, e, []planted{p})
}

func TestBadCustomRuleIsAConfigError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo.Commit("main", "policy", "admin", contents(map[string]string{
		".security.yml": "version: 1\nsecrets:\n  rules:\n    - id: acme\n      regex: 'acme_(['\n",
	}))
	pr := e.openPR("x", map[string]string{"a.txt": "a\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, ":5:14: secrets.rules[0].regex", "invalid regex")
}

// TestRenamedSecretIsOneFinding: a token committed, then its file renamed with
// no content change, is annotated once, at the head's path, with the commit
// that added it (GitHub reports the rename with previous_filename).
func TestRenamedSecretIsOneFinding(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := plantSecrets()[5]
	files := fileContents([]planted{p})
	pr := e.openPR("move", files)
	first := pr.HeadSHA()
	moved := "settings/" + p.path
	e.repo.Push("move", "move settings", "dev", contents(map[string]string{p.path: "\x00delete", moved: files[p.path]}))
	e.deliver("pull_request", e.gh.PullRequestEvent("opened", pr, "dev"))
	run := e.run(pr, "gatehouse/secrets")
	if run.Conclusion != "failure" || run.Title != "1 secret found" {
		t.Fatalf("secrets = %s %q, want one finding\n%s", run.Conclusion, run.Title, run.Summary)
	}
	anns := run.Annotations
	if len(anns) != 1 || anns[0].Path != moved || anns[0].StartLine != p.line {
		t.Fatalf("annotations %+v, want one at %s:%d", anns, moved, p.line)
	}
	mustContain(t, "annotation", anns[0].Message, "introduced in commit "+first[:7])
	assertNothingEchoed(t, e, []planted{p})
}
