package server_test

import (
	"os"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/pgtest"
)

// TestMain stops the Postgres server that a benchmark may have started.
func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}
