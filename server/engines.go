package server

import (
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/dlp"
	"github.com/gatehouse-sec/gatehouse/config"
)

// BuildChecks makes the engines a server (or a local scan) runs, in the
// order of the gate's summary.
func BuildChecks(cfg *config.Server) ([]checks.Check, error) {
	return []checks.Check{dlp.New()}, nil
}
