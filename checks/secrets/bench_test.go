package secrets

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// Run with: go test -tags gore2regex -run '^$' -bench . -benchmem ./checks/secrets/
//
// The corpus is ~50 MB in 5,000 files, generated at benchmark time. MB/s is
// measured over the head content of the files (what a whole-file scanner
// reads) for every variant, so the figures compare like for like.

const (
	benchFiles   = 5000
	benchAvgSize = 10_000
)

func BenchmarkScan(b *testing.B) {
	// Built here, not kept in a global, so that BenchmarkMemory3000Files run
	// in the same process does not count it.
	c := buildCorpus(42, benchFiles, benchAvgSize)
	chk := newCheck(b)
	p := config.Default()

	b.Run("gatehouse", func(b *testing.B) { benchGatehouse(b, chk, c, c.changeSet(), p) })
	b.Run("gatehouse-1-worker", func(b *testing.B) {
		one, err := New(WithWorkers(1))
		if err != nil {
			b.Fatal(err)
		}
		benchGatehouse(b, one, c, c.changeSet(), p)
	})
	b.Run("gatehouse-every-line-added", func(b *testing.B) {
		// The same files as if the pull request added all of them: no saving
		// from reading added lines only.
		cs := c.changeSet()
		files := make([]checks.File, len(c.files))
		for i, f := range c.files {
			f.Added = nil
			for n, l := range strings.Split(strings.TrimSuffix(string(c.heads[i]), "\n"), "\n") {
				f.Added = append(f.Added, checks.Line{No: n + 1, Text: l})
			}
			files[i] = f
		}
		cs.Files = files
		cs.Source.(*fakeSource).commits[sha("bench")] = files
		benchGatehouse(b, chk, c, cs, p)
	})
	b.Run("naive-gitleaks-whole-files", func(b *testing.B) { benchNaive(b, c) })
}

func benchGatehouse(b *testing.B, chk *Check, c *corpus, cs *checks.ChangeSet, p *config.Policy) {
	// Warm up first, as a server is: go-re2 instantiates its WebAssembly
	// modules lazily.
	if _, err := chk.Run(context.Background(), cs, p); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	var res *checks.Result
	cpu := cpuTime()
	for b.Loop() {
		var err error
		if res, err = chk.Run(context.Background(), cs, p); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	type at struct {
		path string
		line int
	}
	found := map[at][]string{}
	for _, f := range res.Findings {
		found[at{f.Path, f.StartLine}] = append(found[at{f.Path, f.StartLine}], f.Fingerprint)
	}
	hits, flagged := 0, 0
	for _, s := range c.secrets {
		for _, fp := range found[at{s.path, s.line}] {
			if fp == Fingerprint(s.rule, s.secret) {
				hits++
				break
			}
		}
	}
	for _, d := range c.decoys {
		if len(found[at{d.path, d.line}]) > 0 {
			flagged++
		}
	}
	report := func(recall float64, decoys, other int) {
		b.ReportMetric(recall, "recall%")
		b.ReportMetric(float64(decoys), "decoys-flagged")
		b.ReportMetric(float64(other), "unplanted-findings")
		b.ReportMetric(float64(len(c.secrets)), "planted")
	}
	report(100*float64(hits)/float64(len(c.secrets)), flagged, len(res.Findings)-hits-flagged)
	var added int64
	for _, f := range cs.Files {
		for _, l := range f.Added {
			added += int64(len(l.Text) + 1)
		}
	}
	b.ReportMetric(100*float64(added)/float64(c.bytes), "added%")
}

// benchNaive is gitleaks used the obvious way: its default detector,
// DetectString on each whole head file, one after the other.
func benchNaive(b *testing.B, c *corpus) {
	det, err := detect.NewDetectorDefaultConfig()
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range c.heads[:200] {
		det.DetectString(string(h)) // the same warm-up
	}
	b.SetBytes(c.bytes)
	b.ReportAllocs()
	results := make([][]report.Finding, len(c.heads))
	cpu := cpuTime()
	for b.Loop() {
		for i, h := range c.heads {
			results[i] = det.DetectString(string(h))
		}
	}
	reportCPU(b, cpu)
	type at struct {
		path string
		line int
	}
	byPath := map[string]int{}
	for i, f := range c.files {
		byPath[f.Path] = i
	}
	found := map[at][]string{}
	total := 0
	for i, fs := range results {
		for _, f := range fs {
			// DetectString's lines are 0-based: scored as if corrected.
			k := at{c.files[i].Path, f.StartLine + 1}
			found[k] = append(found[k], Fingerprint(f.RuleID, f.Secret))
			total++
		}
	}
	hits, flagged := 0, 0
	for _, s := range c.secrets {
		for _, fp := range found[at{s.path, s.line}] {
			if fp == Fingerprint(s.rule, s.secret) {
				hits++
				break
			}
		}
	}
	for _, d := range c.decoys {
		if len(found[at{d.path, d.line}]) > 0 {
			flagged++
		}
	}
	b.ReportMetric(100*float64(hits)/float64(len(c.secrets)), "recall%")
	b.ReportMetric(float64(flagged), "decoys-flagged")
	b.ReportMetric(float64(total-hits-flagged), "unplanted-findings")
	b.ReportMetric(float64(len(c.secrets)), "planted")
}

// BenchmarkMemory3000Files scans a 3,000-file pull request and reports the
// peak live heap during the scan, with and without the change set itself.
func BenchmarkMemory3000Files(b *testing.B) {
	c := buildCorpus(7, 3000, benchAvgSize)
	cs := c.changeSet()
	chk := newCheck(b)
	p := config.Default()
	b.SetBytes(c.bytes)
	var peak, base, rss uint64
	for b.Loop() {
		runtime.GC()
		base = heapLive()
		resetPeakRSS()
		var stop atomic.Bool
		var wg sync.WaitGroup
		var localPeak uint64
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				localPeak = max(localPeak, heapLive())
				time.Sleep(2 * time.Millisecond)
			}
		}()
		if _, err := chk.Run(context.Background(), cs, p); err != nil {
			b.Fatal(err)
		}
		stop.Store(true)
		wg.Wait()
		peak = max(peak, localPeak)
		rss = max(rss, peakRSS())
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak-min(base, peak))/(1<<20), "peak-over-input-MB")
	b.ReportMetric(float64(c.bytes)/(1<<20), "input-MB")
	if rss > 0 {
		// The whole process, go-re2's WebAssembly memory (outside the Go heap)
		// and the generated corpus included.
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
	}
}

// cpuTime is the CPU time the process has used, all threads and the garbage
// collector included. Unlike wall time it does not depend on what else the
// machine is running; reportCPU reports it per operation.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric((cpuTime()-since).Seconds()/float64(b.N), "cpu-s/op")
}

// resetPeakRSS resets the kernel's high-water mark of the process's resident
// memory (Linux); peakRSS reads it, 0 when unavailable.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// heapLive reads the bytes of live and not-yet-swept heap objects without
// stopping the world.
func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
