// Package infosec decides InfoSec's part of a pull request's evaluation:
// whether a break-glass override holds, whom to ask for review, the review
// label, the one InfoSec comment, and what an approval count records. Each
// decision is a pure function from plain state (labels, the previous gate
// state, the triggering event, team membership, the policy) to Actions,
// which the pipeline carries out on GitHub and in the audit trail. Nothing
// here reads or writes GitHub.
package infosec

import (
	"strings"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// Actions are what a decision asks the pipeline to do. The pipeline records
// and notifies first, then writes labels and comments best effort, in this
// order, so that a failed GitHub write never loses the audit record.
type Actions struct {
	// Audit events to record; the pipeline stamps delivery, repository,
	// pull request and head SHA.
	Audit []audit.Event
	// Notify events for InfoSec; the pipeline stamps repository, pull request and link.
	Notify []notify.Event
	// RemoveLabels and AddLabels are label names on the pull request.
	RemoveLabels []string
	AddLabels    []string
	// Comments are new comments to post on the pull request.
	Comments []string
	// Notes are lines for the gate's summary.
	Notes []string
}

// Team splits infosec.team into organisation and slug; a bare slug is a team
// of the repository's owner. Both are empty when no team is configured.
func Team(p *config.Policy, owner string) (org, slug string) {
	if p.InfoSec.Team == "" {
		return "", ""
	}
	if o, s, ok := strings.Cut(p.InfoSec.Team, "/"); ok {
		return o, s
	}
	return owner, p.InfoSec.Team
}

// Users are infosec.users without their optional leading "@".
func Users(p *config.Policy) []string {
	out := make([]string, 0, len(p.InfoSec.Users))
	for _, u := range p.InfoSec.Users {
		out = append(out, strings.TrimPrefix(u, "@"))
	}
	return out
}

// hasLabel reports whether labels holds name; GitHub compares labels without case.
func hasLabel(labels []string, name string) bool {
	for _, l := range labels {
		if strings.EqualFold(l, name) {
			return true
		}
	}
	return false
}
