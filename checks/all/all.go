// Package all registers every check Gatehouse runs, one line each, in the
// order of the gate's summary. Importing it is what makes a binary know them:
// their runs, their .security.yml sections and their schema.
package all

import (
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps"
	"github.com/gatehouse-sec/gatehouse/checks/dlp"
	"github.com/gatehouse-sec/gatehouse/checks/secrets"
)

// Registrations are Gatehouse's own checks, in summary order.
var Registrations = []checks.Registration{
	secrets.Registration,
	deps.Registration,
	dlp.Registration,
}

func init() {
	for _, r := range Registrations {
		checks.Register(r)
	}
}
