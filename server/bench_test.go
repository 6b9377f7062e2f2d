package server_test

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/pgtest"
)

// BenchmarkWebhookAck measures how fast deliveries are acknowledged when 200
// arrive at once: signature check, then the delivery stored as a job in the
// embedded SQLite database (dedupe included) before the answer, evaluation
// left to the workers. Run: go test -run '^$' -bench WebhookAck -benchtime 5x ./server/
func BenchmarkWebhookAck(b *testing.B) { benchAck(b) }

// BenchmarkWebhookAckPostgres is BenchmarkWebhookAck with the jobs in
// Postgres (internal/pgtest: a local postgresql-15 with fsync off, so the
// figure is the queue's cost, not the disk's).
// Run: go test -run '^$' -bench WebhookAckPostgres -benchtime 5x ./server/
func BenchmarkWebhookAckPostgres(b *testing.B) {
	benchAck(b, withDatabase(pgtest.Shared(b).NewDatabase(b)))
}

func benchAck(b *testing.B, opts ...envOption) {
	var mu sync.Mutex
	var inServer []time.Duration
	timing := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			next.ServeHTTP(w, r)
			mu.Lock()
			inServer = append(inServer, time.Since(start))
			mu.Unlock()
		})
	}
	e := newEnvB(b, append([]envOption{withQueue(4, 10000), withWrap(timing)}, opts...)...)
	pr := e.openPR("feature", map[string]string{"a.txt": "a\n"})
	body := e.gh.PullRequestEvent("synchronize", pr, "dev")
	var all []time.Duration
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lat := make([]time.Duration, 200)
		var wg sync.WaitGroup
		for j := 0; j < 200; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest(http.MethodPost, e.hook, bytesReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-GitHub-Event", "pull_request")
				req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("bench-%d-%d", i, j))
				req.Header.Set("X-Hub-Signature-256", githubtest.Sign([]byte(webhookSecret), body))
				start := time.Now()
				resp, err := client.Do(req)
				lat[j] = time.Since(start)
				if err != nil || resp.StatusCode >= 300 {
					b.Errorf("delivery failed: %v %v", err, resp)
					return
				}
				resp.Body.Close()
			}()
		}
		wg.Wait()
		all = append(all, lat...)
	}
	b.StopTimer()
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99_ms")
	// In-server time: from the request reaching the handler to the answer,
	// without the benchmark client's own share of the two cores.
	sort.Slice(inServer, func(i, j int) bool { return inServer[i] < inServer[j] })
	b.ReportMetric(float64(inServer[len(inServer)/2].Microseconds())/1000, "server_p50_ms")
	b.ReportMetric(float64(inServer[len(inServer)*99/100].Microseconds())/1000, "server_p99_ms")
	e.srv.WaitIdle(2 * time.Minute)
}

// BenchmarkPR300Files measures delivery → completed gate for a 300-file pull
// request with 20 ms added to every GitHub call, the GitHub calls of the first
// evaluation, and those of a re-run of the same commit that cost rate limit.
// Run: go test -run '^$' -bench PR300 -benchtime 3x ./server/
func BenchmarkPR300Files(b *testing.B) {
	var firstCalls, rerunCalls, rerunCosted int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := newEnvB(b)
		files := map[string]string{}
		for f := 0; f < 300; f++ {
			files[fmt.Sprintf("src/pkg%02d/file%03d.go", f%20, f)] = fmt.Sprintf("package pkg\n\n// F%d is generated.\nfunc F%d() int { return %d }\n", f, f, f)
		}
		pr := e.openPR("big", files)
		e.gh.SetLatency(20 * time.Millisecond)
		before := len(e.gh.Calls())
		b.StartTimer()
		e.opened(pr)
		b.StopTimer()
		if r, ok := e.gh.LatestCheckRun("octo-org", "widgets", pr.HeadSHA(), "gatehouse"); !ok || r.Status != "completed" {
			b.Fatalf("gate not completed: %+v", r)
		}
		firstCalls = len(e.gh.Calls()) - before
		gate, _ := e.gh.LatestCheckRun("octo-org", "widgets", pr.HeadSHA(), "gatehouse")
		before, used := len(e.gh.Calls()), e.gh.RateLimitUsed()
		e.deliver("check_run", e.gh.CheckRunEvent("rerequested", gate, "dev"))
		rerunCalls, rerunCosted = len(e.gh.Calls())-before, e.gh.RateLimitUsed()-used
	}
	b.ReportMetric(float64(firstCalls), "api_calls_first")
	b.ReportMetric(float64(rerunCalls), "api_calls_rerun")
	b.ReportMetric(float64(rerunCosted), "api_calls_rerun_costed")
}
