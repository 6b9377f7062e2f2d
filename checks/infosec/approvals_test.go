package infosec

import (
	"reflect"
	"testing"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
)

func TestApprovalRecords(t *testing.T) {
	cases := []struct {
		name string
		a    gate.Approvals
		want []audit.Event
	}{
		{name: "no approvals", a: gate.Approvals{Required: 1}},
		{name: "counted, stale and refused, in that order",
			a: gate.Approvals{Required: 2,
				Rejected: []gate.Approval{{Login: "dev", Commit: "c3", Why: "the author cannot approve their own pull request"}},
				Stale:    []gate.Approval{{Login: "bob", Commit: "c1", Why: "commit c2 changed `ci.yml`"}},
				Valid:    []gate.Approval{{Login: "sam", Commit: "c2"}}},
			want: []audit.Event{
				{Kind: audit.KindApprovalCounted, Actor: "sam", Outcome: "counted", Details: map[string]string{"review_sha": "c2"}},
				{Kind: audit.KindApprovalRejected, Actor: "bob", Outcome: "rejected", Reason: "commit c2 changed `ci.yml`", Details: map[string]string{"review_sha": "c1"}},
				{Kind: audit.KindApprovalRejected, Actor: "dev", Outcome: "rejected", Reason: "the author cannot approve their own pull request", Details: map[string]string{"review_sha": "c3"}},
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ApprovalRecords(c.a)
			if !reflect.DeepEqual(got, Actions{Audit: c.want}) {
				t.Errorf("ApprovalRecords =\n%+v\nwant\n%+v", got, Actions{Audit: c.want})
			}
		})
	}
}
