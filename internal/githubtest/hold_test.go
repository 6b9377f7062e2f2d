package githubtest

import (
	"testing"
)

// TestHold: a held call waits until released, others pass; once released,
// calls pass again.
func TestHold(t *testing.T) {
	f := newPRFixture(t)
	held, release := f.s.Hold("GET", `/repos/[^/]+/[^/]+$`)
	answered := make(chan error, 1)
	go func() {
		_, _, err := f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")
		answered <- err
	}()
	<-held
	// A call the hold does not match is answered meanwhile.
	res(f.gh.PullRequests.List(f.ctx, "octo-org", "widgets", nil)).must(t)
	select {
	case err := <-answered:
		t.Fatalf("the held call was answered (%v) before the release", err)
	default:
	}
	release()
	if err := <-answered; err != nil {
		t.Fatalf("the released call: %v", err)
	}
	release() // twice is harmless
	res(f.gh.Repositories.Get(f.ctx, "octo-org", "widgets")).must(t)
}
