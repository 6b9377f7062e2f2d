package audit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
)

func benchmarkRecord(b *testing.B, opts ...Option) {
	path := filepath.Join(b.TempDir(), "audit.log")
	l, err := New(path, append(opts, WithLogger(zerolog.Nop()))...)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	e := Event{Kind: KindVerdict, Delivery: "72d3162e-cc78-11e3-81ab-4c9367dc0958", Repo: "acme/app", PR: 42,
		SHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e", Actor: "octocat", Outcome: "action_required",
		Reason: "InfoSec approval needed", Details: map[string]string{"blockers": "2", "files": "17"}}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		l.Record(ctx, e)
	}
}

// BenchmarkRecord appends to the file and replaces the head, without fsync.
func BenchmarkRecord(b *testing.B) { benchmarkRecord(b) }

// BenchmarkRecordSync is the same with WithSync(true).
func BenchmarkRecordSync(b *testing.B) { benchmarkRecord(b, WithSync(true)) }

// BenchmarkVerify verifies a 10,000-record file per iteration.
func BenchmarkVerify(b *testing.B) {
	path := filepath.Join(b.TempDir(), "audit.log")
	l, err := New(path, WithLogger(zerolog.Nop()))
	if err != nil {
		b.Fatal(err)
	}
	for range 10000 {
		l.Record(context.Background(), Event{Kind: KindApprovalCounted, Repo: "acme/app", PR: 7, Actor: "octocat",
			SHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e", Outcome: "counted"})
	}
	l.Close()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	b.ResetTimer()
	for b.Loop() {
		if n, err := VerifyFile(path); err != nil || n != 10000 {
			b.Fatal(n, err)
		}
	}
}
