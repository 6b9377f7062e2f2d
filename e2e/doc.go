// Package e2e holds the end-to-end tests that need real processes: `gatehouse
// serve` children built from this tree, killed with SIGKILL and started
// again, alone on SQLite or as replicas on one Postgres (internal/pgtest),
// against the fake GitHub (internal/githubtest) in the test process. It has
// no code of its own.
package e2e
