package notify

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkNotifyFullQueue is the caller's cost when the webhook is down
// and the queue is full: every event is dropped and counted.
func BenchmarkNotifyFullQueue(b *testing.B) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	n := New(newHangingSink(b, arrived, release), Options{QueueSize: 1})
	defer n.Close(context.Background())
	defer close(release) // first, so that Close can drain
	ctx := context.Background()
	n.Notify(ctx, sampleEvent())
	<-arrived
	n.Notify(ctx, sampleEvent())
	b.ResetTimer()
	for b.Loop() {
		n.Notify(ctx, sampleEvent())
	}
}

// BenchmarkPayload renders one notification with a 500-character What.
func BenchmarkPayload(b *testing.B) {
	e := sampleEvent()
	e.What = strings.Repeat("touched .github/workflows/deploy.yml ", 14)
	for b.Loop() {
		if _, err := payloadFor(e); err != nil {
			b.Fatal(err)
		}
	}
}
