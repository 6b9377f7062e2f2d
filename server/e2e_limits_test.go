package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

func TestManyAnnotationsGoFiftyPerRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	files := map[string]string{}
	for i := 0; i < 120; i++ {
		files[fmt.Sprintf("keys/k%03d.key", i)] = "k\n"
	}
	pr := e.openPR("keys", files)
	e.opened(pr)
	dlp := e.run(pr, "gatehouse/dlp")
	if len(dlp.Annotations) != 120 {
		t.Fatalf("dlp has %d annotations, want 120", len(dlp.Annotations))
	}
	patches := e.gh.CallsTo("checks/update")
	annotated := 0
	for _, c := range patches {
		if n := strings.Count(string(c.RequestBody), `"annotation_level"`); n > 0 {
			annotated++
			if n > 50 {
				t.Errorf("a request carried %d annotations", n)
			}
		}
	}
	if annotated != 3 {
		t.Errorf("%d annotated requests, want 3 (50+50+20)", annotated)
	}
	if dlp.Conclusion != "failure" {
		t.Errorf("dlp = %s", dlp.Conclusion)
	}
}

func TestTooManyFilesFailsClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	files := map[string]string{}
	for i := 0; i < 3001; i++ {
		files[fmt.Sprintf("gen/f%04d.txt", i)] = "x\n"
	}
	pr := e.openPR("huge", files)
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s %q", gate.Conclusion, gate.Title)
	}
	mustContain(t, "gate summary", gate.Summary, "changes 3001 files but GitHub lists only the first 3000")
}

func TestGitHubFaultsStillComplete(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		fault githubtest.Fault
	}{
		{"500 on files", githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 500, Times: 2}},
		{"502 on create run", githubtest.Fault{Method: "POST", PathRegexp: `/check-runs$`, Status: 502, Times: 1}},
		{"secondary rate limit", githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+$`, Status: 403, Times: 1, RetryAfter: time.Second}},
		{"429", githubtest.Fault{Method: "GET", PathRegexp: `/contents/`, Status: 429, Times: 1, RetryAfter: time.Second}},
		{"primary rate limit", githubtest.Fault{Method: "GET", PathRegexp: `/commits/[0-9a-f]+$`, Status: 403, Times: 1, RateLimitReset: time.Now().Add(time.Second)}},
		{"network error", githubtest.Fault{Method: "PATCH", PathRegexp: `/check-runs/`, NetworkError: true, Times: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
			e.gh.InjectFault(c.fault)
			e.opened(pr)
			if gate := e.run(pr, "gatehouse"); gate.Conclusion != "success" {
				t.Errorf("gate = %s %q after a retried fault", gate.Conclusion, gate.Title)
			}
			e.assertOneRunEach(pr.HeadSHA())
		})
	}
}

func TestPersistentFailureCompletesRunsClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	e.gh.InjectFault(githubtest.Fault{Method: "GET", PathRegexp: `/pulls/\d+/files`, Status: 503})
	e.opened(pr)
	gate := e.run(pr, "gatehouse")
	if gate.Conclusion != "failure" {
		t.Fatalf("gate = %s", gate.Conclusion)
	}
	mustContain(t, "gate summary", gate.Summary, "Gatehouse could not finish", "re-run")
	e.gh.ClearFaults()
	e.deliver("check_run", e.gh.CheckRunEvent("rerequested", gate, "dev"))
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "success" {
		t.Errorf("after re-run gate = %s", gate.Conclusion)
	}
	e.assertOneRunEach(pr.HeadSHA())
}

func TestFreshTokenRefusedOnceIsRetried(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	e.gh.FailTokenChecks(1)
	e.opened(pr)
	if gate := e.run(pr, "gatehouse"); gate.Conclusion != "success" {
		t.Errorf("gate = %s", gate.Conclusion)
	}
}

func TestBodyLimitAndMethod(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	big := make([]byte, 26<<20)
	resp := deliverRaw(t, e.hook, webhookSecret, big, big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("26 MB body answered %d", resp.StatusCode)
	}
	get, err := http.Get(e.hook)
	if err != nil {
		t.Fatal(err)
	}
	get.Body.Close()
	if get.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET answered %d", get.StatusCode)
	}
}
