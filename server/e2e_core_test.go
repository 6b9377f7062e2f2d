package server_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestCleanPullRequestPasses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"main.go": "package main\n\nfunc main() {}\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "success" {
		t.Fatalf("gate = %s %q\n%s", gate.Conclusion, gate.Title, gate.Summary)
	}
	if dlp := e.run(pr, "gatehouse/dlp"); dlp.Conclusion != "success" {
		t.Errorf("dlp = %s %q", dlp.Conclusion, dlp.Title)
	}
	e.assertOneRunEach(pr.HeadSHA())
	mustContain(t, "gate summary", gate.Summary, "built-in defaults")
	mustContain(t, "logs", e.logs.String(), `"audit":true`, `"audit_event":"verdict"`, `"outcome":"success"`)
}

func TestForbiddenFileFailsAnnotated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("leak", map[string]string{"config/.env": "DB_PASSWORD=x\n", "README.md": "hi\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s %q", gate.Conclusion, gate.Title)
	}
	dlp := e.run(pr, "gatehouse/dlp")
	if dlp.Conclusion != "failure" || len(dlp.Annotations) != 1 {
		t.Fatalf("dlp = %s with %d annotations", dlp.Conclusion, len(dlp.Annotations))
	}
	a := dlp.Annotations[0]
	if a.Path != "config/.env" || a.AnnotationLevel != "failure" || a.StartLine != 1 {
		t.Errorf("annotation = %+v", a)
	}
	mustContain(t, "gate summary", gate.Summary, "dlp: 1 file breaks the DLP policy")
}

func TestSensitivePathNeedsApproval(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("ci", map[string]string{".github/workflows/ci.yml": "on: push\n"})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "action_required" {
		t.Fatalf("gate = %s %q", gate.Conclusion, gate.Title)
	}
	mustContain(t, "gate summary", gate.Summary, ".github/workflows/ci.yml", "CI workflows run with repository secrets", "0 of 1 approvals")
}

func TestSignatures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	body := e.gh.PullRequestEvent("opened", pr, "dev")
	before := len(e.gh.Calls())
	cases := []struct {
		name   string
		secret string
		body   []byte
		tamper bool
	}{
		{name: "missing signature", secret: ""},
		{name: "wrong secret", secret: "not-the-secret"},
		{name: "tampered body", secret: webhookSecret, tamper: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := body
			if c.tamper {
				b = []byte(strings.Replace(string(body), `"opened"`, `"reopened"`, 1))
			}
			resp := deliverRaw(t, e.hook, c.secret, body, b)
			if resp.StatusCode != 401 {
				t.Errorf("status = %d, want 401", resp.StatusCode)
			}
		})
	}
	e.idle()
	if n := len(e.gh.Calls()) - before; n != 0 {
		t.Errorf("a rejected delivery caused %d GitHub calls", n)
	}
	if runs := e.gh.CheckRuns("octo-org", "widgets", pr.HeadSHA()); len(runs) != 0 {
		t.Errorf("a rejected delivery created %d runs", len(runs))
	}
}

func TestDuplicateDeliveriesMakeOneSetOfRuns(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	body := e.gh.PullRequestEvent("opened", pr, "dev")
	type answer struct {
		resp *http.Response
		err  error
	}
	done := make(chan answer, 4)
	for i := 0; i < 4; i++ {
		go func() {
			resp, err := postRaw(e.hook, webhookSecret, body, body, "same-delivery-id")
			done <- answer{resp, err}
		}()
	}
	for i := 0; i < 4; i++ {
		switch a := <-done; {
		case a.err != nil:
			t.Error(a.err)
		case a.resp.StatusCode != http.StatusOK:
			t.Errorf("delivery answered %d, want 200", a.resp.StatusCode)
		}
	}
	e.idle()
	e.assertOneRunEach(pr.HeadSHA())
	// A new delivery id for the same event (GitHub's own duplicates) must not
	// duplicate runs either.
	e.deliver("pull_request", body)
	e.deliver("check_suite", e.gh.CheckSuiteEvent("requested", e.repo, pr.HeadSHA()))
	e.assertOneRunEach(pr.HeadSHA())
}
