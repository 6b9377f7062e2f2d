package infosec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

var workflowNeed = checks.ApprovalNeed{Kind: "sensitive-path", Subject: ".github/workflows/ci.yml", Reason: "CI can exfiltrate secrets"}

func TestReviewLabel(t *testing.T) {
	p := &config.Policy{}
	p.InfoSec.Label = "needs-infosec"
	pending := gate.Verdict{Needs: []checks.ApprovalNeed{workflowNeed}}
	approved := gate.Verdict{Needs: []checks.ApprovalNeed{workflowNeed}, Approved: true}
	cases := []struct {
		name   string
		v      gate.Verdict
		labels []string
		want   Actions
	}{
		{"pending, no label: add it", pending, []string{"bug"}, Actions{AddLabels: []string{"needs-infosec"}}},
		{"pending, labelled already (any case)", pending, []string{"Needs-InfoSec"}, Actions{}},
		{"approved, labelled: remove it", approved, []string{"needs-infosec"}, Actions{RemoveLabels: []string{"needs-infosec"}}},
		{"approved, no label", approved, nil, Actions{}},
		{"no longer needed, labelled: remove it", gate.Verdict{}, []string{"NEEDS-INFOSEC"}, Actions{RemoveLabels: []string{"needs-infosec"}}},
		{"never needed", gate.Verdict{}, nil, Actions{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ReviewLabel(p, c.v, c.labels); !reflect.DeepEqual(got, c.want) {
				t.Errorf("ReviewLabel = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestDecideComment(t *testing.T) {
	needed := gate.Verdict{Needs: []checks.ApprovalNeed{workflowNeed}}
	same, other := "body", "older body"
	cases := []struct {
		name     string
		v        gate.Verdict
		existing *string
		want     CommentWrite
	}{
		{"InfoSec never involved: stay quiet", gate.Verdict{}, nil, CommentKeep},
		{"first time needed: post", needed, nil, CommentCreate},
		{"nothing changed: leave it", needed, &same, CommentKeep},
		{"changed: edit in place", needed, &other, CommentEdit},
		{"no longer needed: say so in place", gate.Verdict{}, &other, CommentEdit},
		{"no longer needed, said already", gate.Verdict{}, &same, CommentKeep},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := DecideComment("body", c.v, c.existing); got != c.want {
				t.Errorf("DecideComment = %v, want %v", got, c.want)
			}
		})
	}
}

func TestComment(t *testing.T) {
	p := &config.Policy{}
	p.InfoSec.Team, p.InfoSec.Users, p.InfoSec.Contact, p.InfoSec.RequiredApprovals = "security", []string{"@sam"}, "#sec", 2
	bare := &config.Policy{}
	bare.InfoSec.RequiredApprovals = 1
	needs := []checks.ApprovalNeed{workflowNeed, {Kind: "new-dependency", Subject: "pkg:npm/left-pad", Reason: "new direct dependency"}}
	cases := []struct {
		name      string
		p         *config.Policy
		v         gate.Verdict
		want, not []string
	}{
		{name: "review needed", p: p, v: gate.Verdict{Needs: needs},
			want: []string{"### 🔐 InfoSec review needed", "- `.github/workflows/ci.yml`: CI can exfiltrate secrets\n", "- `pkg:npm/left-pad`: new direct dependency\n",
				"**Reviewers:** @octo/security, @sam · **Contact:** #sec", "**What unblocks it:** 2 approving review(s) from InfoSec."}},
		{name: "approved", p: p, v: gate.Verdict{Needs: needs, Approved: true},
			want: []string{"### ✅ InfoSec approved", "- `.github/workflows/ci.yml`"}, not: []string{"review needed"}},
		{name: "no longer needed", p: p, v: gate.Verdict{},
			want: []string{"### 🔐 InfoSec review no longer needed"}, not: []string{"Reviewers", "What unblocks it"}},
		{name: "nobody configured, no contact", p: bare, v: gate.Verdict{Needs: needs},
			want: []string{"**What unblocks it:** 1 approving review(s)"}, not: []string{"Reviewers", "Contact"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Comment(c.p, "octo", c.v)
			if !strings.HasPrefix(got, CommentMarker+"\n") {
				t.Errorf("comment does not start with its marker:\n%s", got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("comment lacks %q:\n%s", w, got)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got, n) {
					t.Errorf("comment has %q:\n%s", n, got)
				}
			}
			if Comment(c.p, "octo", c.v) != got {
				t.Error("the same verdict gives another comment, which would be rewritten at every evaluation")
			}
		})
	}
}
