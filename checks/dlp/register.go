package dlp

import (
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
	"github.com/gatehouse-sec/gatehouse/schema"
)

// Registration declares the DLP check to Gatehouse (see checks/all).
var Registration = checks.Registration{
	Name:    Name,
	Section: config.DLPSection,
	Schema:  schema.Section(Name),
	New:     func(*config.Server) (checks.Check, error) { return New(), nil },
}

// ruleForbidden is the rule of a file that must never be committed.
const ruleForbidden = "forbidden-file"

// alert tells InfoSec about forbidden files: what they held may have leaked.
// Oversize and binary files are the author's business.
func alert(r *checks.Result) *checks.Alert {
	_, paths := r.BlockingRulesAndPaths(func(f checks.Finding) bool { return f.RuleID == ruleForbidden })
	if len(paths) == 0 {
		return nil
	}
	return &checks.Alert{Kind: notify.KindForbiddenFile, What: "Forbidden file(s) committed: " + strings.Join(paths, ", ")}
}
