package memo

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
)

// TestClaimAndWait: a producer that claims many keys at once answers every
// caller of each key once; callers never start a second producer for a key
// already claimed.
func TestClaimAndWait(t *testing.T) {
	t.Run("claim takes only the keys not held, in order", func(t *testing.T) {
		m := New()
		if _, err := Do(m, "b", func() (int, error) { return 2, nil }); err != nil {
			t.Fatal(err)
		}
		claimed, promises := Claim[int](m, []string{"c", "b", "a", "c"})
		if want := []string{"c", "a"}; !reflect.DeepEqual(claimed, want) || len(promises) != 2 {
			t.Fatalf("claimed %q (%d promises), want %q", claimed, len(promises), want)
		}
		again, _ := Claim[int](m, []string{"a", "c"})
		if len(again) != 0 {
			t.Errorf("claimed %q a second time", again)
		}
		if !promises["c"].Resolve(3, nil) || promises["c"].Resolve(30, nil) {
			t.Error("Resolve: want true the first time, false the second")
		}
		promises["a"].Resolve(0, errors.New("a failed"))
		tests := []struct {
			key     string
			want    int
			wantErr string
		}{{"a", 0, "a failed"}, {"b", 2, ""}, {"c", 3, ""}}
		for _, tt := range tests {
			got, err := Wait(context.Background(), m, tt.key, func(Promise[int]) { t.Errorf("%s: a held key was started again", tt.key) })
			if got != tt.want || (err == nil) != (tt.wantErr == "") || err != nil && err.Error() != tt.wantErr {
				t.Errorf("%s = %d, %v; want %d, %q", tt.key, got, err, tt.want, tt.wantErr)
			}
		}
	})
	t.Run("callers of a claimed key wait for its producer", func(t *testing.T) {
		m := New()
		_, promises := Claim[string](m, []string{"k"})
		var wg sync.WaitGroup
		results := make([]string, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], _ = Wait(context.Background(), m, "k", func(Promise[string]) { t.Error("started a claimed key") })
			}()
		}
		promises["k"].Resolve("streamed", nil)
		wg.Wait()
		for _, r := range results {
			if r != "streamed" {
				t.Errorf("result = %q, want streamed", r)
			}
		}
	})
	t.Run("a caller that gives up leaves the work to the others", func(t *testing.T) {
		m := New()
		var p Promise[int]
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Wait(ctx, m, "k", func(q Promise[int]) { p = q }); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		p.Resolve(7, nil)
		if got, err := Wait(context.Background(), m, "k", func(Promise[int]) { t.Error("started again") }); got != 7 || err != nil {
			t.Errorf("got %d, %v; want 7 from the first producer", got, err)
		}
	})
}

// TestGo: the work runs once, apart from its callers, whatever they do.
func TestGo(t *testing.T) {
	m := New()
	release := make(chan struct{})
	started := make(chan struct{})
	calls := 0
	fn := func() (int, error) {
		calls++ // only one goroutine ever runs this
		close(started)
		<-release
		return 42, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := Go(ctx, m, "k", fn)
		done <- err
	}()
	<-started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled caller got %v, want context.Canceled", err)
	}
	close(release)
	for range 3 {
		if got, err := Go(context.Background(), m, "k", fn); got != 42 || err != nil {
			t.Errorf("got %d, %v; want 42", got, err)
		}
	}
	if calls != 1 {
		t.Errorf("fn ran %d times, want 1", calls)
	}
}

// TestResolveOnceUnderRace: of concurrent Resolve calls exactly one wins and
// its result is the one callers see; none panics on closing twice.
func TestResolveOnceUnderRace(t *testing.T) {
	m := New()
	_, promises := Claim[int](m, []string{"k"})
	p := promises["k"]
	var wg sync.WaitGroup
	wins := make(chan int, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if p.Resolve(i, nil) {
				wins <- i
			}
		}()
	}
	wg.Wait()
	close(wins)
	var won []int
	for w := range wins {
		won = append(won, w)
	}
	if len(won) != 1 {
		t.Fatalf("%d calls won, want exactly one", len(won))
	}
	got, err := Wait(context.Background(), m, "k", func(Promise[int]) { t.Error("the key was claimed already") })
	if err != nil || got != won[0] {
		t.Errorf("Wait = %d, %v; want the winner's %d", got, err, won[0])
	}
}
