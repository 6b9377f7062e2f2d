package queue

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
)

// Lock implements handlers.PRLocker. With Postgres it takes a session
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
