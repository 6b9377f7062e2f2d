package pgtest_test

import (
	"context"
	"database/sql"
	"os"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// TestDatabasesAreSeparate: each test gets its own empty database on the
// one server, so tests can run in parallel without seeing each other.
func TestDatabasesAreSeparate(t *testing.T) {
	srv := pgtest.Shared(t)
	a, b := srv.NewDatabase(t), srv.NewDatabase(t)
	if a == b {
		t.Fatalf("two tests got the same database %s", a)
	}
	for i, url := range []string{a, b} {
		db, err := sql.Open("pgx", url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if i == 0 {
			if _, err := db.ExecContext(context.Background(), "CREATE TABLE only_in_a (x int)"); err != nil {
				t.Fatalf("database %d: %v", i, err)
			}
			continue
		}
		var n int
		if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Error("a table made in one database is visible in another")
		}
	}
}
