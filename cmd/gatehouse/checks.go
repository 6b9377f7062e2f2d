package main

import (
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/server"
)

// buildChecks makes the engines the server and `scan` run: the same list.
func buildChecks(cfg *config.Server) ([]checks.Check, error) { return server.BuildChecks(cfg) }
