package queue

import (
	"context"
	"testing"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/evaluation"
)

// startedAt is when the recorded evaluation of key began, and by which job.
func startedAt(t *testing.T, db *DB, key string) (ms, job int64) {
	t.Helper()
	err := db.SQL.QueryRowContext(context.Background(), `SELECT started_at, job_id FROM gatehouse_pr_evaluation WHERE pr_key = $1`, key).Scan(&ms, &job)
	if err != nil {
		t.Fatalf("no evaluation recorded for %s: %v", key, err)
	}
	return ms, job
}

// TestBeginFoldsEventsAnEvaluationAlreadyRead: an event stored before the
// last evaluation of its pull request began is folded into it (that
// evaluation read the pull request after the event), unless a person's
// action asks, or the evaluation was the job's own earlier attempt, which
// may have been cut short.
func TestBeginFoldsEventsAnEvaluationAlreadyRead(t *testing.T) {
	ms := func(v int64) time.Time { return time.UnixMilli(v) }
	cases := []struct {
		name   string
		fold   func(began int64) evaluation.Fold
		folded bool
	}{
		{"event stored before another job's evaluation began is folded", func(s int64) evaluation.Fold { return evaluation.Fold{Job: 2, StoredAt: ms(s - 1)} }, true},
		{"event stored in the millisecond it began is evaluated", func(s int64) evaluation.Fold { return evaluation.Fold{Job: 2, StoredAt: ms(s)} }, false},
		{"event stored after it began is evaluated", func(s int64) evaluation.Fold { return evaluation.Fold{Job: 2, StoredAt: ms(s + 1)} }, false},
		{"a person's action is never folded", func(int64) evaluation.Fold { return evaluation.Fold{Job: 2} }, false},
		{"the job's own earlier attempt does not fold it", func(s int64) evaluation.Fold { return evaluation.Fold{Job: 1, StoredAt: ms(s - 1)} }, false},
		{"the job's own evaluation in this attempt folds its trailing run", func(s int64) evaluation.Fold {
			return evaluation.Fold{Job: 1, StoredAt: ms(s - 1), Again: true}
		}, true},
	}
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := openDB(t, driver)
			ctx := context.Background()
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					key := "1/octo-org/widgets#" + c.name
					if ok, err := db.Begin(ctx, key, evaluation.Fold{Job: 1, StoredAt: time.Now()}); err != nil || !ok {
						t.Fatalf("first evaluation of a pull request: Begin = %v, %v; want true", ok, err)
					}
					began, _ := startedAt(t, db, key)
					before := db.folded.Load()
					ok, err := db.Begin(ctx, key, c.fold(began))
					if err != nil {
						t.Fatal(err)
					}
					if ok == c.folded {
						t.Errorf("Begin = %v, want folded %v", ok, c.folded)
					}
					after, job := startedAt(t, db, key)
					switch {
					case c.folded && (after != began || job != 1 || db.folded.Load() != before+1):
						t.Errorf("folded, yet the record moved to %d by job %d (was %d by job 1), folded count %d → %d", after, job, began, before, db.folded.Load())
					case !c.folded && (after < began || db.folded.Load() != before):
						t.Errorf("evaluated, yet the record is %d (was %d), folded count %d → %d", after, began, before, db.folded.Load())
					}
				})
			}
		})
	}
}

// TestBeginComparesWithRiversClock: a job's created_at and the begun time
// are on one clock and in one unit, so an evaluation begun after a delivery
// was stored folds it.
func TestBeginComparesWithRiversClock(t *testing.T) {
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := openDB(t, driver)
			q := newQueue(t, db)
			ctx := zerolog.Nop().WithContext(context.Background())
			if err := q.Schedule(ctx, githubapp.Dispatch{EventType: "pull_request", DeliveryID: "guid-1", Payload: []byte(`{}`)}); err != nil {
				t.Fatal(err)
			}
			res, err := q.client.JobList(ctx, river.NewJobListParams().Kinds(deliveryArgs{}.Kind()))
			if err != nil || len(res.Jobs) != 1 {
				t.Fatalf("%d jobs stored (%v), want 1", len(res.Jobs), err)
			}
			stored := res.Jobs[0].CreatedAt
			if ok, err := db.Begin(ctx, "k", evaluation.Fold{Job: 7}); err != nil || !ok {
				t.Fatalf("Begin = %v, %v", ok, err)
			}
			began, _ := startedAt(t, db, "k")
			if d := began - stored.UnixMilli(); d < 0 || d > time.Minute.Milliseconds() {
				t.Fatalf("evaluation began %d ms after the delivery was stored; want a small positive figure (one clock, one unit)", d)
			}
			ok, err := db.Begin(ctx, "k", evaluation.Fold{Job: res.Jobs[0].ID, StoredAt: stored})
			if err != nil {
				t.Fatal(err)
			}
			if want := began == stored.UnixMilli(); ok != want {
				t.Errorf("Begin for the stored delivery = %v, want %v (stored %d, began %d)", ok, want, stored.UnixMilli(), began)
			}
		})
	}
}
