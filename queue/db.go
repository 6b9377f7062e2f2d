package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// DefaultURL is where state is kept when nothing is configured: a SQLite
// file in the working directory, so that `gatehouse serve` needs no setup.
const DefaultURL = "sqlite://gatehouse.db"

// DB is an open database: SQLite or Postgres, behind database/sql for
// Gatehouse's own few statements, and as a River driver.
type DB struct {
	// SQL runs Gatehouse's own statements; they are written with $N
	// placeholders, which both drivers accept.
	SQL    *sql.DB
	pool   *pgxpool.Pool
	sqlite bool
	// Where names the database for logs, without a password.
	Where string
	// folded counts evaluations Begin folded into a later-begun one.
	folded atomic.Int64
}

// Open opens the database that rawURL names: sqlite://PATH (relative to the
// working directory, or sqlite:///absolute/path) or postgres://… (also
// postgresql://). It does not migrate it.
func Open(ctx context.Context, rawURL string, workers int) (*DB, error) {
	if rawURL == "" {
		rawURL = DefaultURL
	}
	switch {
	case strings.HasPrefix(rawURL, "sqlite://"):
		path := strings.TrimPrefix(rawURL, "sqlite://")
		if path == "" {
			return nil, errors.New("the database URL sqlite:// names no file: use sqlite://gatehouse.db or sqlite:///var/lib/gatehouse/gatehouse.db")
		}
		// One connection, as River's SQLite driver advises: SQLite allows one
		// writer at a time, and a single connection serialises River's
		// concurrent operations inside the process instead of surfacing
		// "database is locked". The busy timeout covers another process
		// (gatehouse migrate) holding the file for a moment. WAL with FULL
		// synchronous: a delivery answered 2xx survives a crash of the
		// process and of the machine.
		dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(ON)&_txlock=immediate"
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("failed to open the SQLite database %s: %w", path, err)
		}
		db.SetMaxOpenConns(1)
		if err := db.PingContext(ctx); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("failed to open the SQLite database %s: %w", path, err)
		}
		return &DB{SQL: db, sqlite: true, Where: "sqlite://" + path}, nil
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		where := redactURL(rawURL)
		pcfg, err := pgxpool.ParseConfig(rawURL)
		if err != nil {
			return nil, fmt.Errorf("invalid Postgres URL %s: %w", where, err)
		}
		if !strings.Contains(rawURL, "pool_max_conns") {
			// pgx's default (the number of CPUs, at least 4) is too small:
			// each worker's job holds a connection for its pull request's
			// lock while it waits or evaluates, and takes a second one to
			// record its evaluation, beside River's fetches, completions,
			// LISTEN and the heartbeat. Too few, and all of them wait.
			pcfg.MaxConns = int32(max(32, 2*workers+8))
		}
		pool, err := pgxpool.NewWithConfig(ctx, pcfg)
		if err != nil {
			return nil, fmt.Errorf("failed to open the Postgres database %s: %w", where, err)
		}
		if err := pool.Ping(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("cannot reach the Postgres database %s: %w", where, err)
		}
		return &DB{SQL: stdlib.OpenDBFromPool(pool), pool: pool, Where: where}, nil
	}
	return nil, fmt.Errorf("the database URL %s is neither sqlite://PATH nor postgres://…", redactURL(rawURL))
}

// SQLite reports whether this is the embedded, single-instance database.
func (d *DB) SQLite() bool { return d.sqlite }

// Ping checks that the database answers.
// Lock implements evaluation.PRLocker (lock.go).

func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// Close closes the database.
func (d *DB) Close() {
	_ = d.SQL.Close()
	if d.pool != nil {
		d.pool.Close()
	}
}

// Migrate brings River's tables and Gatehouse's own up to date. It is
// idempotent and safe to run from several replicas at once (Postgres: an
// advisory lock serialises them). It returns the River versions applied.
func (d *DB) Migrate(ctx context.Context) ([]int, error) {
	if d.pool != nil {
		conn, err := d.SQL.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("failed to migrate %s: %w", d.Where, err)
		}
		defer conn.Close()
		// A fixed key of Gatehouse's own: one migration at a time across replicas.
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(443779638376)"); err != nil {
			return nil, fmt.Errorf("failed to lock %s for migration: %w", d.Where, err)
		}
		defer func() { _, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(443779638376)") }()
	}
	var versions []int
	var err error
	if d.pool != nil {
		versions, err = migrateRiver(ctx, riverpgxv5.New(d.pool))
	} else {
		versions, err = migrateRiver(ctx, riversqlite.New(d.SQL))
	}
	if err != nil {
		return nil, fmt.Errorf("failed to migrate %s: %w", d.Where, err)
	}
	for _, stmt := range ownTables {
		if _, err := d.SQL.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("failed to migrate %s: %w", d.Where, err)
		}
	}
	return versions, nil
}

// ownTables are Gatehouse's tables beside River's; times are Unix
// milliseconds so that one statement serves both databases.
var ownTables = []string{
	`CREATE TABLE IF NOT EXISTS gatehouse_process (id TEXT PRIMARY KEY, replica TEXT NOT NULL, seen_at BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS gatehouse_redelivery (delivery_id BIGINT PRIMARY KEY, guid TEXT NOT NULL, requested_at BIGINT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS gatehouse_state (name TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
	// The last evaluation begun per pull request (lock.go), by the database's clock.
	`CREATE TABLE IF NOT EXISTS gatehouse_pr_evaluation (pr_key TEXT PRIMARY KEY, started_at BIGINT NOT NULL, job_id BIGINT NOT NULL)`,
}

func migrateRiver[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) ([]int, error) {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return nil, err
	}
	var out []int
	for _, v := range res.Versions {
		out = append(out, v.Version)
	}
	return out, nil
}

// redactURL is a database URL as logs and errors may show it: scheme, host
// and path only. A password can hide in the user part, in the query
// (?password=) or, for a keyword string or a mistyped scheme, anywhere.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return "(a database URL that is not scheme://…)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
