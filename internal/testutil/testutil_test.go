package testutil

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a testing.TB that keeps what the helpers report.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
}

func TestMustContain(t *testing.T) {
	tests := []struct {
		name string
		subs []string
		want []string // the errors, by the substring each names
	}{
		{"all present", []string{"gate", "passed"}, nil},
		{"one missing", []string{"gate", "failed"}, []string{`"failed"`}},
		{"each missing one reported", []string{"x", "gate", "y"}, []string{`"x"`, `"y"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			MustContain(r, "summary", "the gate passed", tt.subs...)
			if len(r.errors) != len(tt.want) {
				t.Fatalf("errors %q, want %d", r.errors, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(r.errors[i], w) || !strings.HasPrefix(r.errors[i], "summary lacks") {
					t.Errorf("error %q, want it to name summary and %s", r.errors[i], w)
				}
			}
		})
	}
}

func TestEventually(t *testing.T) {
	t.Run("returns once the condition holds", func(t *testing.T) {
		r := &recorder{}
		calls := 0
		Eventually(r, time.Minute, "the third call", func() bool { calls++; return calls == 3 })
		if calls != 3 || len(r.errors) != 0 {
			t.Errorf("calls %d, errors %q", calls, r.errors)
		}
	})
	t.Run("fails the test naming what never happened", func(t *testing.T) {
		r := &recorder{}
		Eventually(r, time.Millisecond, "the impossible", func() bool { return false })
		if !r.fatal || len(r.errors) != 1 || !strings.Contains(r.errors[0], "the impossible") {
			t.Errorf("fatal %v, errors %q", r.fatal, r.errors)
		}
	})
}

func TestSyncBufferKeepsEveryWrite(t *testing.T) {
	var b SyncBuffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_, _ = b.Write([]byte("line\n"))
				_ = b.String()
			}
		})
	}
	wg.Wait()
	if n := strings.Count(b.String(), "line\n"); n != 800 {
		t.Errorf("%d lines, want 800", n)
	}
}
