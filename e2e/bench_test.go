package e2e_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
	"github.com/gatehouse-sec/gatehouse/internal/testutil"
)

// BenchmarkRestartToGate: a single instance killed with SIGKILL in the
// middle of a 30-file evaluation (150 ms per GitHub call), started again:
// time from the restart command to the gate completed.
// Run: go test -run '^$' -bench RestartToGate -benchtime 3x ./e2e/
func BenchmarkRestartToGate(b *testing.B) {
	for _, driver := range []string{"sqlite", "postgres"} {
		b.Run(driver, func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				w := newWorld(b, driver)
				pr := w.openPR(fmt.Sprintf("slow%d", i), 30)
				addr := freeAddr(b)
				first := w.start("solo", addr)
				w.gh.SetLatency(150 * time.Millisecond)
				w.deliver(first, "pull_request", "bench-crash", w.gh.PullRequestEvent("opened", pr, "dev"))
				testutil.Eventually(b, 30*time.Second, "gate in progress", func() bool { return w.gateStatus(pr.HeadSHA()) == "in_progress" })
				first.kill()
				w.gh.SetLatency(20 * time.Millisecond)
				started := time.Now()
				w.start("solo", addr)
				w.waitCompleted(pr.HeadSHA(), time.Minute)
				total += time.Since(started)
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "restart_to_gate_ms")
		})
	}
}

// BenchmarkTakeover: two replicas on Postgres, the one evaluating killed
// with SIGKILL: time from the kill to the gate completed by the other, with
// replica_timeout 2s (the default is 60s: add the difference).
// Run: go test -run '^$' -bench Takeover -benchtime 3x ./e2e/
func BenchmarkTakeover(b *testing.B) {
	var total time.Duration
	for i := 0; i < b.N; i++ {
		w := newWorld(b, "postgres")
		pr := w.openPR(fmt.Sprintf("takeover%d", i), 30)
		a := w.start("a", freeAddr(b))
		c := w.start("b", freeAddr(b))
		w.gh.SetLatency(150 * time.Millisecond)
		w.deliver(a, "pull_request", "bench-takeover", w.gh.PullRequestEvent("opened", pr, "dev"))
		testutil.Eventually(b, 30*time.Second, "gate in progress", func() bool { return w.gateStatus(pr.HeadSHA()) == "in_progress" })
		runner, _ := runnerOf(b, "bench-takeover", a, c)
		runner.kill()
		killed := time.Now()
		w.gh.SetLatency(20 * time.Millisecond)
		w.waitCompleted(pr.HeadSHA(), 2*time.Minute)
		total += time.Since(killed)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "kill_to_gate_ms")
}

// BenchmarkThroughput: 100 pull_request deliveries at once, spread over one
// or two replicas (4 workers each) against the fake GitHub at 20 ms per
// call: deliveries per second from the first sent to the last gate completed.
// Run: go test -run '^$' -bench Throughput -benchtime 2x ./e2e/
func BenchmarkThroughput(b *testing.B) {
	for _, c := range []struct {
		name     string
		driver   string
		replicas int
	}{{"sqlite-1", "sqlite", 1}, {"postgres-1", "postgres", 1}, {"postgres-2", "postgres", 2}} {
		b.Run(c.name, func(b *testing.B) {
			const n = 100
			var total time.Duration
			for i := 0; i < b.N; i++ {
				w := newWorld(b, c.driver)
				var prs []*githubtest.PullRequest
				for j := 0; j < n; j++ {
					prs = append(prs, w.openPR(fmt.Sprintf("t%d-%03d", i, j), 3))
				}
				var children []*child
				for r := 0; r < c.replicas; r++ {
					children = append(children, w.start(fmt.Sprintf("r%d", r), freeAddr(b)))
				}
				w.gh.SetLatency(20 * time.Millisecond)
				started := time.Now()
				s := w.sender()
				for j, pr := range prs {
					s.send(children[j%len(children)], "pull_request", fmt.Sprintf("tp-%d-%d", i, j), w.gh.PullRequestEvent("opened", pr, "dev"))
				}
				s.wait()
				for _, pr := range prs {
					w.waitCompleted(pr.HeadSHA(), 5*time.Minute)
				}
				total += time.Since(started)
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "deliveries/s")
		})
	}
}
