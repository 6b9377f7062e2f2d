package server

import (
	"github.com/gatehouse-sec/gatehouse/checks"
	_ "github.com/gatehouse-sec/gatehouse/checks/all" // Gatehouse's own checks
	"github.com/gatehouse-sec/gatehouse/config"
)

// BuildChecks makes every registered check for a server (or a local scan),
// in the order of the gate's summary.
func BuildChecks(cfg *config.Server) ([]checks.Check, error) {
	return checks.Build(cfg, checks.Registered())
}
