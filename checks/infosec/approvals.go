package infosec

import (
	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
)

// ApprovalRecords are the audit events of an approval count (see
// gate.CountApprovals): one per approval counted, and one per approval
// that does not count (stale, or refused) with why.
func ApprovalRecords(a gate.Approvals) Actions {
	var out Actions
	for _, v := range a.Valid {
		out.Audit = append(out.Audit, audit.Event{Kind: audit.KindApprovalCounted, Actor: v.Login, Outcome: "counted",
			Details: map[string]string{"review_sha": v.Commit}})
	}
	for _, v := range append(append([]gate.Approval{}, a.Stale...), a.Rejected...) {
		out.Audit = append(out.Audit, audit.Event{Kind: audit.KindApprovalRejected, Actor: v.Login, Outcome: "rejected", Reason: v.Why,
			Details: map[string]string{"review_sha": v.Commit}})
	}
	return out
}
