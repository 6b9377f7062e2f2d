package memo

import (
	"errors"
	"sync"
	"testing"
)

// TestDo: each key is computed once, by one caller, whatever the number of
// callers asking at once; errors and panics are remembered for the others.
func TestDo(t *testing.T) {
	t.Run("concurrent callers share one call", func(t *testing.T) {
		m := New()
		calls := 0
		release := make(chan struct{})
		var wg sync.WaitGroup
		results := make([]int, 8)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], _ = Do(m, "k", func() (int, error) {
					calls++ // only the first caller runs this
					<-release
					return 42, nil
				})
			}()
		}
		close(release)
		wg.Wait()
		if calls != 1 {
			t.Errorf("fn ran %d times, want 1", calls)
		}
		for _, r := range results {
			if r != 42 {
				t.Errorf("result = %d, want 42", r)
			}
		}
	})
	t.Run("keys are separate and errors remembered", func(t *testing.T) {
		m := New()
		boom := errors.New("boom")
		for range 2 {
			if _, err := Do(m, "bad", func() (string, error) { return "", boom }); !errors.Is(err, boom) {
				t.Errorf("err = %v, want boom", err)
			}
		}
		if v, err := Do(m, "good", func() (string, error) { return "ok", nil }); err != nil || v != "ok" {
			t.Errorf("good = %q, %v", v, err)
		}
		if _, err := Do(m, "bad", func() (string, error) { t.Error("a remembered key ran again"); return "", nil }); !errors.Is(err, boom) {
			t.Errorf("err = %v, want boom", err)
		}
	})
	t.Run("a panic reaches its caller and the others get ErrPanicked", func(t *testing.T) {
		m := New()
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not reach the first caller")
				}
			}()
			_, _ = Do(m, "k", func() (int, error) { panic("bug") })
		}()
		if _, err := Do(m, "k", func() (int, error) { return 1, nil }); !errors.Is(err, ErrPanicked) {
			t.Errorf("err = %v, want ErrPanicked", err)
		}
	})
}
