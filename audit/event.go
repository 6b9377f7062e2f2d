// Package audit records every decision Gatehouse takes as one structured
// audit event: always through zerolog (with audit: true), and optionally in
// an append-only file where each record carries the SHA-256 of the one
// before, so that an edited, removed, inserted or reordered record is found
// by Verify. Attackers will mess with logging: the chain makes that visible.
package audit

import (
	"sort"

	"github.com/gatehouse-sec/gatehouse/notify"
)

// Kinds of audit events.
const (
	KindVerdict          = "verdict"
	KindReviewerRequest  = "reviewer_request"
	KindApprovalCounted  = "approval_counted"
	KindApprovalRejected = "approval_rejected"
	KindOverrideUsed     = "override_used"
	KindOverrideRefused  = "override_refused"
	KindConfigError      = "config_error"
	KindDeliveryRejected = "delivery_rejected"
	// KindRedeliveryRequested: Gatehouse asked GitHub to redeliver a delivery it could not make.
	KindRedeliveryRequested = "redelivery_requested"
	// KindEvaluationResumed: a job whose process stopped was taken up again.
	KindEvaluationResumed = "evaluation_resumed"
)

var kinds = map[string]bool{
	KindVerdict: true, KindReviewerRequest: true, KindApprovalCounted: true, KindApprovalRejected: true,
	KindOverrideUsed: true, KindOverrideRefused: true, KindConfigError: true, KindDeliveryRejected: true,
	KindRedeliveryRequested: true, KindEvaluationResumed: true,
}

// Event is one decision. It names what was decided about and why, never
// repository content: Details is for a few small facts (a conclusion, a
// count, a team slug), not for file contents or finding values.
type Event struct {
	Kind     string            `json:"kind"`
	Delivery string            `json:"delivery,omitempty"` // X-GitHub-Delivery
	Repo     string            `json:"repo,omitempty"`     // owner/name
	PR       int               `json:"pr,omitempty"`
	SHA      string            `json:"sha,omitempty"`   // head SHA evaluated
	Actor    string            `json:"actor,omitempty"` // login that caused it
	Outcome  string            `json:"outcome,omitempty"`
	Reason   string            `json:"reason,omitempty"`
	Details  map[string]string `json:"details,omitempty"`
	// Replica is the server process that decided (GATEHOUSE_REPLICA or the
	// host name); the Logger fills it in when it was given one.
	Replica string `json:"replica,omitempty"`
}

const (
	maxReason  = 1000 // characters
	maxDetail  = 256  // characters per value
	maxDetails = 32   // keys
)

// sanitize bounds e and scrubs recognisable credentials from its free text.
// An append-only file cannot be cleaned afterwards without breaking the
// chain, so a secret must be stopped before it is written. Only
// shape-recognisable credentials are removed: a generic long-run scrubber
// would also erase the commit SHAs an audit trail needs.
func sanitize(e Event) Event {
	e.Reason = clip(notify.RedactCredentials(e.Reason), maxReason)
	// A rejected delivery's id is whatever its sender put in the header.
	e.Delivery = clip(e.Delivery, 64)
	if len(e.Details) == 0 {
		e.Details = nil
		return e
	}
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	details := make(map[string]string, min(len(keys), maxDetails))
	for _, k := range keys[:min(len(keys), maxDetails)] {
		details[clip(k, 64)] = clip(notify.RedactCredentials(e.Details[k]), maxDetail)
	}
	e.Details = details
	return e
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
