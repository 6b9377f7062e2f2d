// Package pgtest runs a throwaway Postgres server for tests: Debian's
// postgresql-15 (`apt-get install -y postgresql-15`), initialised on a
// temporary directory and listening on a free loopback port, one per test
// binary, with a fresh database per test. Postgres refuses to run as root,
// so as root it runs as the postgres user. A test that asks for it and
// cannot have it fails: it never skips.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// BinDir is where Debian installs the postgresql-15 server programs.
const BinDir = "/usr/lib/postgresql/15/bin"

// Server is a running Postgres.
type Server struct {
	dir   string
	port  int
	asPG  bool
	count atomic.Int64
}

var (
	once     sync.Once
	shared   *Server
	startErr error
)

// Shared returns the test binary's server, starting it on first use. Call
// Stop from TestMain after m.Run.
func Shared(t testing.TB) *Server {
	t.Helper()
	once.Do(func() { shared, startErr = start() })
	if startErr != nil {
		t.Fatalf("pgtest: cannot start Postgres (install it with apt-get install -y postgresql-15): %v", startErr)
	}
	return shared
}

// Stop stops the shared server, if one was started, and removes its files.
func Stop() {
	if shared != nil {
		shared.stop()
	}
}

func start() (*Server, error) {
	if _, err := os.Stat(filepath.Join(BinDir, "pg_ctl")); err != nil {
		return nil, fmt.Errorf("%s/pg_ctl not found: %w", BinDir, err)
	}
	dir, err := os.MkdirTemp("", "gatehouse-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, asPG: os.Geteuid() == 0}
	if s.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if out, err := s.run("initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		s.remove()
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", s.port, dir)
	if out, err := s.run("pg_ctl", "-D", s.data(), "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		s.remove()
		return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
	}
	return s, nil
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// run runs a server program, as the postgres user when this is root.
func (s *Server) run(prog string, args ...string) ([]byte, error) {
	path := filepath.Join(BinDir, prog)
	var cmd *exec.Cmd
	if s.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

func (s *Server) stop() {
	_, _ = s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop")
	s.remove()
}

func (s *Server) remove() { _ = os.RemoveAll(s.dir) }

// URL is the connection URL of database name.
func (s *Server) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, name)
}

// NewDatabase creates an empty database for t and returns its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("t%d_%s", s.count.Add(1), strings.ToLower(sanitize(t.Name())))
	db, err := sql.Open("pgx", s.URL("postgres"))
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: cannot create database %s: %v", name, err)
	}
	return s.URL(name)
}

// sanitize keeps a test name usable as part of a database name.
func sanitize(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return b.String()
}
