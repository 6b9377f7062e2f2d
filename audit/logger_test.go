package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

func TestConcurrentRecordsMakeAValidChain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := New(path, WithLogger(zerolog.Nop()))
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, each = 8, 50
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				l.Record(context.Background(), Event{Kind: KindApprovalCounted, Repo: "acme/app", PR: g, Details: map[string]string{"i": string(rune('a' + i%26))}})
			}
		}()
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := VerifyFile(path); err != nil || n != goroutines*each {
		t.Errorf("VerifyFile = %d, %v; want %d, nil", n, err, goroutines*each)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("audit file mode = %v, want 0600", perm)
	}
}

func TestReopeningContinuesTheChain(t *testing.T) {
	path := writeLog(t, 3)
	l, err := New(path, WithLogger(zerolog.Nop()), WithSync(true))
	if err != nil {
		t.Fatal(err)
	}
	l.Record(context.Background(), Event{Kind: KindOverrideRefused, Actor: "bob"})
	l.Record(context.Background(), Event{Kind: KindConfigError, Repo: "acme/app"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := VerifyFile(path); err != nil || n != 5 {
		t.Errorf("VerifyFile = %d, %v; want 5, nil", n, err)
	}
	lines := readLines(t, path)
	var last struct {
		Seq   int   `json:"seq"`
		Event Event `json:"event"`
	}
	if err := json.Unmarshal([]byte(lines[4]), &last); err != nil || last.Seq != 5 || last.Event.Kind != KindConfigError {
		t.Errorf("last record = %+v, %v", last, err)
	}
}

func TestNewRefusesAChainItCannotTrust(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t *testing.T, path string)
		want    string
		wantErr *TamperError
	}{
		{"edited record", func(t *testing.T, path string) {
			lines := readLines(t, path)
			lines[1] = strings.Replace(lines[1], "user-2", "mallory", 1)
			writeLines(t, path, lines)
		}, "line 2: record seq 2 was edited", &TamperError{Line: 2, Seq: 2, Kind: Edited}},
		{"forged tail", func(t *testing.T, path string) {
			lines := readLines(t, path)
			lines[2] = strings.Replace(lines[2], "user-3", "mallory", 1)
			writeLines(t, path, lines)
		}, "line 3: record seq 3 was edited", &TamperError{Line: 3, Seq: 3, Kind: Edited}},
		{"head file deleted", func(t *testing.T, path string) {
			if err := os.Remove(path + HeadSuffix); err != nil {
				t.Fatal(err)
			}
		}, "has 3 records but no head file", nil},
		{"audit file deleted", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}, "the file is missing", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeLog(t, 3)
			tt.tamper(t, path)
			l, err := New(path, WithLogger(zerolog.Nop()))
			if err == nil {
				l.Close()
				t.Fatal("New accepted the file")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
			var te *TamperError
			if tt.wantErr != nil && (!errors.As(err, &te) || te.Line != tt.wantErr.Line || te.Seq != tt.wantErr.Seq || te.Kind != tt.wantErr.Kind) {
				t.Errorf("error = %#v, want to wrap %+v", err, *tt.wantErr)
			}
		})
	}
}

func TestNewToleratesAnInterruptedAppend(t *testing.T) {
	path := writeLog(t, 2)
	staleHead, err := os.ReadFile(path + HeadSuffix)
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(path, WithLogger(zerolog.Nop()))
	if err != nil {
		t.Fatal(err)
	}
	l.Record(context.Background(), Event{Kind: KindVerdict, Outcome: "success"})
	l.Close()
	// As if the process died between appending record 3 and its head.
	if err := os.WriteFile(path+HeadSuffix, staleHead, 0o600); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	l, err = New(path, WithLogger(zerolog.New(&logs)))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer l.Close()
	if !strings.Contains(logs.String(), "interrupted append") {
		t.Errorf("recovery not logged: %s", logs.String())
	}
	if n, err := VerifyFile(path); err != nil || n != 3 {
		t.Errorf("VerifyFile after recovery = %d, %v; want 3, nil", n, err)
	}
	l.Record(context.Background(), Event{Kind: KindVerdict, Outcome: "failure"})
	if n, err := VerifyFile(path); err != nil || n != 4 {
		t.Errorf("VerifyFile after next record = %d, %v; want 4, nil", n, err)
	}
}

func TestRecordLogsOneStructuredEvent(t *testing.T) {
	const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out bytes.Buffer
	ctx := zerolog.New(&out).With().Str("github_delivery_id", "d-1").Logger().WithContext(context.Background())
	l.Record(ctx, Event{Kind: KindApprovalRejected, Delivery: "d-1", Repo: "acme/app", PR: 9, SHA: "abc123",
		Actor: "carol", Outcome: "rejected", Reason: "review on a stale commit; body said " + token,
		Details: map[string]string{"review_sha": "def456", "note": "see " + token}})

	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("log line is not one JSON object: %v\n%s", err, out.String())
	}
	want := map[string]any{"audit": true, "audit_event": "approval_rejected", "github_delivery_id": "d-1", "delivery": "d-1",
		"repo": "acme/app", "pr": float64(9), "sha": "abc123", "actor": "carol", "outcome": "rejected", "audit_seq": float64(1), "level": "info"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("log %s = %v, want %v", k, got[k], v)
		}
	}
	if d, _ := got["details"].(map[string]any); d["review_sha"] != "def456" {
		t.Errorf("log details = %v", got["details"])
	}
	if h, _ := got["audit_hash"].(string); !isHash(h) {
		t.Errorf("log audit_hash = %v", got["audit_hash"])
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"log": out.String(), "audit file": string(file)} {
		if strings.Contains(text, token) {
			t.Errorf("the %s carries the token", name)
		}
		if !strings.Contains(text, "review on a stale commit") {
			t.Errorf("the %s lost the reason", name)
		}
	}
}

func TestRecordWithoutAFile(t *testing.T) {
	l, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	ctx := zerolog.New(&out).WithContext(context.Background())
	l.Record(ctx, Event{Kind: KindOverrideUsed, Actor: "dave"})
	if !strings.Contains(out.String(), `"audit":true`) || !strings.Contains(out.String(), `"actor":"dave"`) {
		t.Errorf("log = %s", out.String())
	}
	if strings.Contains(out.String(), "audit_seq") {
		t.Errorf("log claims a file record: %s", out.String())
	}
	if err := l.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
}

// TestNilLoggerIsNoFallback: recording through a nil Logger fails loudly
// rather than reaching the log but not the audit file, unnoticed.
func TestNilLoggerIsNoFallback(t *testing.T) {
	var l *Logger
	defer func() {
		if recover() == nil {
			t.Error("a nil Logger recorded an event")
		}
	}()
	l.Record(context.Background(), Event{Kind: KindOverrideUsed, Actor: "dave"})
}

func TestWriteFailureIsLoggedAndCounted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	reg := prometheus.NewRegistry()
	l, err := New(path, WithRegisterer(reg), WithLogger(zerolog.Nop()))
	if err != nil {
		t.Fatal(err)
	}
	l.Record(context.Background(), Event{Kind: KindVerdict})
	l.f.Close() // the file becomes unwritable under the logger
	defer l.Close()
	var out bytes.Buffer
	ctx := zerolog.New(&out).WithContext(context.Background())
	l.Record(ctx, Event{Kind: KindVerdict, Outcome: "failure"})
	l.Record(ctx, Event{Kind: KindVerdict, Outcome: "success"})
	if got := counter(t, reg, "gatehouse_audit_write_failures_total", ""); got != 2 {
		t.Errorf("write failures = %v, want 2", got)
	}
	if got := counter(t, reg, "gatehouse_audit_events_total", KindVerdict); got != 3 {
		t.Errorf("verdict events = %v, want 3", got)
	}
	if c := strings.Count(out.String(), "failed to append to the audit file"); c != 2 {
		t.Errorf("%d failures logged, want 2:\n%s", c, out.String())
	}
	if c := strings.Count(out.String(), `"audit_event":"verdict","outcome"`); c != 2 {
		t.Errorf("the events themselves were not logged:\n%s", out.String())
	}
	if n, err := VerifyFile(path); err != nil || n != 1 {
		t.Errorf("VerifyFile = %d, %v; want the record before the failure intact", n, err)
	}
}

// counter reads a counter from reg; kind selects the series when non-empty.
func counter(t *testing.T, reg *prometheus.Registry, name, kind string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if kind == "" || (len(m.GetLabel()) == 1 && m.GetLabel()[0].GetValue() == kind) {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// What a rejected delivery's sender controls is bounded in the trail: an
// X-GitHub-Delivery header of any length is kept to 64 characters.
func TestSanitizeBoundsTheSendersFields(t *testing.T) {
	e := sanitize(Event{Kind: KindDeliveryRejected, Delivery: strings.Repeat("d", 10000), Reason: strings.Repeat("r", 10000)})
	if n := len([]rune(e.Delivery)); n > 65 {
		t.Errorf("delivery id kept at %d characters", n)
	}
	if n := len([]rune(e.Reason)); n > maxReason+1 {
		t.Errorf("reason kept at %d characters", n)
	}
}
