package evaluation

import (
	"context"
	"testing"
	"time"
)

// foldingLocker folds every evaluation into an earlier one and records
// what Begin was asked.
type foldingLocker struct{ folds []Fold }

func (l *foldingLocker) Lock(context.Context, string) (func(), error) { return func() {}, nil }

func (l *foldingLocker) Begin(_ context.Context, _ string, f Fold) (bool, error) {
	l.folds = append(l.folds, f)
	return false, nil
}

// TestEvaluateAsksToFoldByStoredTime: an event from the queue may fold into
// an evaluation begun after it was stored; a person's action, or an event
// whose stored time is unknown, never does.
func TestEvaluateAsksToFoldByStoredTime(t *testing.T) {
	stored := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	queued := WithAttempt(context.Background(), Attempt{N: 1, Of: 6, Job: 7, StoredAt: stored})
	cases := []struct {
		name string
		ctx  context.Context
		t    Target
		want Fold
	}{
		{"an event from the queue", queued, Target{Number: 1}, Fold{StoredAt: stored, Job: 7}},
		{"a check suite requested", queued, Target{Number: 1, HeadSHA: "abc", OnlyIfNew: true}, Fold{StoredAt: stored, Job: 7}},
		{"a person's action", queued, Target{Number: 1, Trigger: &Trigger{Kind: "labeled", Actor: "sam"}}, Fold{Job: 7}},
		{"no queue", context.Background(), Target{Number: 1}, Fold{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := &foldingLocker{}
			e := newTestEvaluator(t, Options{Lock: l}) // no GitHub client: a folded event reads nothing
			if err := e.Evaluate(c.ctx, c.t); err != nil {
				t.Fatal(err)
			}
			if len(l.folds) != 1 || l.folds[0] != c.want {
				t.Errorf("Begin asked %+v, want [%+v]", l.folds, c.want)
			}
			if _, waiting := e.waiting.take("0//#1"); waiting {
				t.Error("a stored time is left behind for the next evaluation")
			}
		})
	}
}

// TestLatestStored: the events behind one evaluation fold only into one
// begun after the last of them was stored; an unknown time prevails.
func TestLatestStored(t *testing.T) {
	t1, t2 := time.Unix(100, 0), time.Unix(200, 0)
	cases := []struct {
		name       string
		prev, next time.Time
		ok         bool
		want       time.Time
	}{
		{"nothing waiting", time.Time{}, t1, false, t1},
		{"the later of two", t2, t1, true, t2},
		{"the later of two, other order", t1, t2, true, t2},
		{"an unknown time waiting", time.Time{}, t1, true, time.Time{}},
		{"an unknown time arriving", t1, time.Time{}, true, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := latestStored(c.prev, c.next, c.ok); !got.Equal(c.want) {
				t.Errorf("latestStored = %v, want %v", got, c.want)
			}
		})
	}
}
