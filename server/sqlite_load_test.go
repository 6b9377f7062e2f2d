package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
)

// TestSQLiteUnder200ConcurrentDeliveries: 200 deliveries at once on the
// embedded SQLite database are all stored and answered 200, every pull
// request is evaluated, and "database is locked" (SQLITE_BUSY) reaches
// neither a client nor a log line.
func TestSQLiteUnder200ConcurrentDeliveries(t *testing.T) {
	e := newEnv(t, withQueue(4, 1000))
	var prs []*githubtest.PullRequest
	for i := 0; i < 10; i++ {
		prs = append(prs, e.openPR(fmt.Sprintf("load%d", i), map[string]string{"a.txt": "a\n"}))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
	var wg sync.WaitGroup
	answers := make([]string, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := e.gh.PullRequestEvent("synchronize", prs[i%len(prs)], "dev")
			req, _ := http.NewRequest(http.MethodPost, e.hook, bytesReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-GitHub-Event", "pull_request")
			req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("load-%d", i))
			req.Header.Set("X-Hub-Signature-256", githubtest.Sign([]byte(webhookSecret), body))
			resp, err := client.Do(req)
			if err != nil {
				answers[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			var b strings.Builder
			_, _ = fmt.Fprintf(&b, "%d ", resp.StatusCode)
			buf := make([]byte, 512)
			n, _ := resp.Body.Read(buf)
			b.Write(buf[:n])
			answers[i] = b.String()
		}()
	}
	wg.Wait()
	for i, a := range answers {
		if !strings.HasPrefix(a, "200 ") {
			t.Errorf("delivery %d answered %q", i, a)
		}
	}
	e.idle()
	for _, pr := range prs {
		e.assertOneRunEach(pr.HeadSHA())
	}
	logs := strings.ToLower(e.logs.String())
	for _, bad := range []string{"database is locked", "sqlite_busy", "not stored"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the logs mention %q", bad)
		}
	}
}
