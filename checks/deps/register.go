package deps

import (
	"net/http"
	"strings"
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

// noteDepsDevDown is the licence note of a package deps.dev did not answer
// for; unfinished finds it in the unknown-licence finding's message.
const noteDepsDevDown = "deps.dev unreachable"

// unfinished says which service a result that fails closed could not reach,
// so that Gatehouse tries again later: OSV (advisories) or deps.dev (licences).
func unfinished(r *checks.Result) string {
	for _, f := range r.Blocking() {
		switch {
		case f.RuleID == RuleAdvisoriesDown:
			return "the advisory database (OSV) could not be reached"
		case f.RuleID == RuleLicenseUnknown && strings.Contains(f.Message, noteDepsDevDown):
			return "deps.dev could not be reached for licences"
		}
	}
	return ""
}
