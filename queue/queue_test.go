package queue

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// openDB opens and migrates a fresh database of the given driver.
func openDB(t *testing.T, driver string) *DB {
	t.Helper()
	url := "sqlite://" + filepath.Join(t.TempDir(), "q.db")
	if driver == "postgres" {
		url = pgtest.Shared(t).NewDatabase(t)
	}
	db, err := Open(context.Background(), url, 4)
	if err != nil {
		t.Fatalf("Open(%s): %v", url, err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return db
}

var drivers = []string{"sqlite", "postgres"}

func TestOpenRefusesWhatItCannotUse(t *testing.T) {
	cases := []struct{ url, want string }{
		{"mysql://db/gatehouse", "neither sqlite://PATH nor postgres://"},
		{"sqlite://", "names no file"},
		{"postgres://gatehouse:hunter2@127.0.0.1:1/gatehouse", "cannot reach the Postgres database"},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			_, err := Open(context.Background(), c.url, 4)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Open(%s) = %v, want an error saying %q", c.url, err, c.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

// TestMigrateIsIdempotent: the first run applies River's migrations, the
// next applies nothing (serve and `gatehouse migrate` both run it).
func TestMigrateIsIdempotent(t *testing.T) {
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := openDB(t, driver) // migrated once
			again, err := db.Migrate(context.Background())
			if err != nil || len(again) != 0 {
				t.Fatalf("second Migrate applied %v, %v; want nothing", again, err)
			}
			var n int
			if err := db.SQL.QueryRowContext(context.Background(), `SELECT count(*) FROM river_job`).Scan(&n); err != nil {
				t.Fatalf("no river_job table after migration: %v", err)
			}
		})
	}
}

// newQueue builds a queue on db whose handler does nothing; not started.
func newQueue(t *testing.T, db *DB) *Queue {
	t.Helper()
	q, err := New(Options{DB: db, Handlers: []githubapp.EventHandler{nopHandler{}}, Logger: zerolog.Nop(), Audit: zerologAudit(t)})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// zerologAudit is an audit logger that writes no file.
func zerologAudit(t *testing.T) *audit.Logger {
	t.Helper()
	l, err := audit.New("", audit.WithLogger(zerolog.Nop()))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestNewRequiresAuditLogger: without an audit logger there is no queue,
// rather than one whose redeliveries and resumptions miss the audit file.
func TestNewRequiresAuditLogger(t *testing.T) {
	q, err := New(Options{DB: openDB(t, "sqlite"), Handlers: []githubapp.EventHandler{nopHandler{}}, Logger: zerolog.Nop()})
	if err == nil || q != nil || !strings.Contains(err.Error(), "audit logger") {
		t.Fatalf("New without an audit logger = %v, %v; want an error saying so", q, err)
	}
}

type nopHandler struct{}

func (nopHandler) Handles() []string { return []string{"pull_request"} }
func (nopHandler) Handle(context.Context, string, string, []byte) error {
	return nil
}

// TestScheduleStoresOnceAndRefusesWhenItCannot: a delivery id is stored
// once whatever the copies; when shutting down or when the database fails
// Schedule returns ErrCapacityExceeded, which the dispatcher answers 503.
func TestScheduleStoresOnceAndRefusesWhenItCannot(t *testing.T) {
	for _, driver := range drivers {
		t.Run(driver, func(t *testing.T) {
			t.Parallel()
			db := openDB(t, driver)
			q := newQueue(t, db)
			ctx := zerolog.Nop().WithContext(context.Background())
			d := githubapp.Dispatch{EventType: "pull_request", DeliveryID: "guid-1", Payload: []byte(`{"action":"opened"}`)}
			for i := 0; i < 3; i++ {
				if err := q.Schedule(ctx, d); err != nil {
					t.Fatalf("copy %d: %v", i, err)
				}
			}
			res, err := q.client.JobList(ctx, river.NewJobListParams().Kinds(deliveryArgs{}.Kind()))
			if err != nil || len(res.Jobs) != 1 {
				t.Fatalf("%d jobs stored for one delivery id (%v), want 1", len(res.Jobs), err)
			}
			var stored deliveryArgs
			if err := decodeArgs(res.Jobs[0], &stored); err != nil || string(stored.Payload) != `{"action":"opened"}` || stored.Event != "pull_request" {
				t.Errorf("stored %+v (%v)", stored, err)
			}

			q.Refuse()
			if err := q.Schedule(ctx, githubapp.Dispatch{EventType: "pull_request", DeliveryID: "guid-2"}); !errors.Is(err, githubapp.ErrCapacityExceeded) {
				t.Errorf("Schedule while shutting down = %v, want ErrCapacityExceeded", err)
			}
			q.closed.Store(false)
			db.Close()
			if err := q.Schedule(ctx, githubapp.Dispatch{EventType: "pull_request", DeliveryID: "guid-3"}); !errors.Is(err, githubapp.ErrCapacityExceeded) {
				t.Errorf("Schedule with the database closed = %v, want ErrCapacityExceeded", err)
			}
			if err := q.Ready(ctx, 0); err == nil {
				t.Error("Ready with the database closed = nil")
			}
		})
	}
}

// TestDatabaseURLsAreRedacted: what logs and errors show of a database URL
// never holds a password, wherever the URL put it.
func TestDatabaseURLsAreRedacted(t *testing.T) {
	// Built here, so that this file holds no credential-shaped literal.
	pw := "Hunter2" + "Secret"
	for _, tc := range []struct{ raw, want string }{
		{"postgres://gh:" + pw + "@db:5432/gatehouse", "postgres://db:5432/gatehouse"},
		{"postgres://gh@db/gatehouse?password=" + pw + "&sslmode=require", "postgres://db/gatehouse"},
		{"host=db user=gh password" + "=" + pw + " dbname=g", "(a database URL that is not scheme://…)"},
		{"gh:" + pw + "@db/g", "(a database URL that is not scheme://…)"},
		{"sqlite:///var/lib/gatehouse/gatehouse.db", "sqlite:///var/lib/gatehouse/gatehouse.db"},
	} {
		if got := redactURL(tc.raw); got != tc.want || strings.Contains(got, pw) {
			t.Errorf("redactURL(%q) = %q, want %q", strings.ReplaceAll(tc.raw, pw, "…"), got, tc.want)
		}
	}
}
