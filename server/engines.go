package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps"
	"github.com/gatehouse-sec/gatehouse/checks/dlp"
	"github.com/gatehouse-sec/gatehouse/checks/secrets"
	"github.com/gatehouse-sec/gatehouse/config"
)

// BuildChecks makes the engines a server (or a local scan) runs, in the
// order of the gate's summary.
func BuildChecks(cfg *config.Server) ([]checks.Check, error) {
	depCheck := deps.New(deps.Options{
		OSVURL: cfg.OSVURL, OSVDir: cfg.OSVDir, DepsDevURL: cfg.DepsDevURL,
		HTTPClient: &http.Client{Timeout: 30 * time.Second},
	})
	secretCheck, err := secrets.New()
	if err != nil {
		return nil, fmt.Errorf("failed to load the secret rules: %w", err)
	}
	return []checks.Check{secretCheck, depCheck, dlp.New()}, nil
}
