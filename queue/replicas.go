package queue

import (
	"context"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// Every process writes a heartbeat row; a job left `running` by a process
// whose heartbeat stopped is made available again, so that another worker
// resumes it. The evaluation it runs reuses the check runs already on the
// head SHA, so the resumed job completes them instead of adding new ones.
//
// At start a process knows more than any heartbeat: jobs attempted by an
// earlier process of the same replica name, and with SQLite (one instance by
// design) by any other process at all, belong to a process that is gone.
// Those are resumed at once; the others after ReplicaTimeout of silence.

// heartbeat records that this process is alive.
func (q *Queue) heartbeat(ctx context.Context) error {
	// The database's clock, not this host's: a replica whose clock runs
	// behind must not look dead to the others and have its jobs double-run.
	_, err := q.db.SQL.ExecContext(ctx, `INSERT INTO gatehouse_process (id, replica, seen_at) VALUES ($1, $2, `+q.db.nowMillis(true)+`)
		ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`, q.id, q.o.Replica)
	return err
}

// rescue makes the running jobs of dead processes available again and
// returns how many it resumed.
func (q *Queue) rescue(ctx context.Context, starting bool) (int, error) {
	live := map[string]bool{q.id: true}
	rows, err := q.db.SQL.QueryContext(ctx, `SELECT id FROM gatehouse_process WHERE seen_at >= `+q.db.nowMillis(true)+` - $1`, q.o.ReplicaTimeout.Milliseconds())
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		live[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	res, err := q.client.JobList(ctx, river.NewJobListParams().States(rivertype.JobStateRunning).Kinds(deliveryArgs{}.Kind()).First(1000))
	if err != nil {
		return 0, err
	}
	resumed := 0
	for _, job := range res.Jobs {
		if len(job.AttemptedBy) == 0 {
			continue
		}
		by := job.AttemptedBy[len(job.AttemptedBy)-1]
		dead := !live[by]
		if starting && by != q.id && (q.db.SQLite() || strings.HasPrefix(by, q.o.Replica+"/")) {
			dead = true
		}
		if !dead {
			continue
		}
		r, err := q.db.SQL.ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE id = $1 AND state = 'running'`, job.ID)
		if err != nil {
			return resumed, err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			continue // finished or taken over meanwhile
		}
		resumed++
		q.metrics.resumed.Inc()
		var args deliveryArgs
		_ = decodeArgs(job, &args)
		q.o.Audit.Record(q.o.Logger.WithContext(ctx), audit.Event{Kind: audit.KindEvaluationResumed, Delivery: args.Delivery,
			Outcome: "resumed", Reason: "the process running it stopped: " + by,
			Details: map[string]string{"event": args.Event, "job": itoa(job.ID), "attempt": itoa(int64(job.Attempt))}})
	}
	if resumed > 0 {
		q.forget(ctx)
	}
	return resumed, nil
}

// forget drops heartbeats of processes gone for a day, so the table stays small.
func (q *Queue) forget(ctx context.Context) {
	_, _ = q.db.SQL.ExecContext(ctx, `DELETE FROM gatehouse_process WHERE seen_at < `+q.db.nowMillis(true)+` - $1`, (24 * time.Hour).Milliseconds())
}

// background beats the heart, rescues, and refreshes the gauges until ctx ends.
func (q *Queue) background(ctx context.Context) {
	every := max(q.o.ReplicaTimeout/4, 100*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		q.refreshGauges(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := q.heartbeat(ctx); err != nil && ctx.Err() == nil {
			q.o.Logger.Warn().Err(err).Msg("heartbeat not recorded; other replicas may take over this process's jobs")
		}
		if _, err := q.rescue(ctx, false); err != nil && ctx.Err() == nil {
			q.o.Logger.Warn().Err(err).Msg("looking for jobs of stopped processes failed")
		}
	}
}

// refreshGauges counts jobs by state.
func (q *Queue) refreshGauges(ctx context.Context) {
	rows, err := q.db.SQL.QueryContext(ctx, `SELECT state, count(*) FROM river_job GROUP BY state`)
	if err != nil {
		return
	}
	defer rows.Close()
	counts := map[string]float64{}
	for rows.Next() {
		var state string
		var n float64
		if rows.Scan(&state, &n) == nil {
			counts[state] = n
		}
	}
	for _, s := range rivertype.JobStates() {
		q.metrics.jobs.WithLabelValues(string(s)).Set(counts[string(s)])
	}
	q.metrics.available.Store(int64(counts[string(rivertype.JobStateAvailable)]))
}
