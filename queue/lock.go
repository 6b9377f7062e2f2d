package queue

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"math"

	"github.com/gatehouse-sec/gatehouse/evaluation"
)

// Lock implements evaluation.PRLocker. With Postgres it takes a session
// advisory lock keyed by the pull request on a connection of its own, so
// that two replicas never evaluate one pull request at once, and a replica
// that dies releases it with its connection. With SQLite there is one
// process, whose coalescer already keeps evaluations apart: no lock.
func (d *DB) Lock(ctx context.Context, key string) (func(), error) {
	if d.SQLite() {
		return func() {}, nil
	}
	h := fnv.New64a()
	h.Write([]byte("gatehouse-pr:" + key))
	k := int64(h.Sum64())
	conn, err := d.SQL.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("no database connection for the lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, k); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, k); err != nil {
			// Closing would return a connection still holding the lock to the
			// pool; discard it instead so the session (and the lock) ends.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = conn.Close()
	}, nil
}

// Begin implements evaluation.PRLocker. One statement decides and records, so
// that it holds without the lock too: the row of the pull request is
// replaced (an evaluation begins now) unless its evaluation began after the
// events were stored, in which case nothing changes and Begin reports
// false. Both times come from the database's clock (River stores a job's
// created_at with it), so replicas' clocks do not matter; they are compared
// in whole milliseconds, and a tie evaluates.
func (d *DB) Begin(ctx context.Context, key string, f evaluation.Fold) (bool, error) {
	stored := int64(math.MaxInt64) // no later evaluation can fold this one
	if !f.StoredAt.IsZero() {
		stored = f.StoredAt.UnixMilli()
	}
	res, err := d.SQL.ExecContext(ctx, `INSERT INTO gatehouse_pr_evaluation AS e (pr_key, started_at, job_id) VALUES ($1, `+d.nowMillis(false)+`, $2)
		ON CONFLICT (pr_key) DO UPDATE SET started_at = excluded.started_at, job_id = excluded.job_id
		WHERE NOT (e.started_at > $3 AND (e.job_id <> $2 OR $4))`, key, f.Job, stored, f.Again)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	if n == 0 {
		d.folded.Add(1)
	}
	return n > 0, nil
}

// nowMillis is SQL for the database's clock in whole Unix milliseconds, so
// that times written by several replicas compare whatever their own clocks
// say. wall asks for the time of the statement rather than of the
// transaction (Postgres' now() is the transaction's start, which River's
// created_at uses too).
func (d *DB) nowMillis(wall bool) string {
	if d.sqlite {
		// SQLite's clock has whole milliseconds: round only undoes the float.
		return `CAST(round(unixepoch('subsec') * 1000) AS INTEGER)`
	}
	if wall {
		return `floor(extract(epoch from clock_timestamp()) * 1000)::bigint`
	}
	return `floor(extract(epoch from now()) * 1000)::bigint`
}
