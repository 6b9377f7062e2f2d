package deps

import (
	"net/http"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/schema"
)

// Registration declares the dependency check to Gatehouse (see checks/all).
var Registration = checks.Registration{
	Name:    Name,
	Section: config.DependenciesSection,
	Schema:  schema.Section(Name),
	New: func(cfg *config.Server) (checks.Check, error) {
		return New(Options{
			OSVURL: cfg.OSVURL, OSVDir: cfg.OSVDir, DepsDevURL: cfg.DepsDevURL,
			HTTPClient: &http.Client{Timeout: 30 * time.Second},
		}), nil
	},
}
