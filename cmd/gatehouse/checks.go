package main

import (
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/dlp"
	"github.com/gatehouse-sec/gatehouse/config"
)

// buildChecks makes the engines the server runs, in summary order.
func buildChecks(cfg *config.Server) ([]checks.Check, error) {
	return []checks.Check{dlp.New()}, nil
}
