package infosec

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
)

func policyWith(team string, users ...string) *config.Policy {
	p := &config.Policy{}
	p.InfoSec.Team, p.InfoSec.Users = team, users
	return p
}

func TestReviewNeeded(t *testing.T) {
	need := []checks.ApprovalNeed{{Kind: "sensitive-path", Subject: ".github/workflows/ci.yml"}}
	one := []gate.Approval{{Login: "sam"}}
	cases := []struct {
		name  string
		needs []checks.ApprovalNeed
		a     gate.Approvals
		want  bool
	}{
		{"nothing needs approval", nil, gate.Approvals{Required: 1}, false},
		{"no approval yet", need, gate.Approvals{Required: 1}, true},
		{"approved", need, gate.Approvals{Required: 1, Valid: one}, false},
		{"one of two", need, gate.Approvals{Required: 2, Valid: one}, true},
		{"zero required still asks once", need, gate.Approvals{Required: 0}, true},
		{"zero required, approved", need, gate.Approvals{Required: 0, Valid: one}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ReviewNeeded(c.needs, c.a); got != c.want {
				t.Errorf("ReviewNeeded = %v, want %v", got, c.want)
			}
		})
	}
}

func TestPlanReviewers(t *testing.T) {
	cases := []struct {
		name   string
		p      *config.Policy
		author string
		want   ReviewRequest
		note   string
	}{
		{name: "team of the owner", p: policyWith("security"), author: "dev", want: ReviewRequest{Teams: []string{"security"}}},
		{name: "team named with the owner", p: policyWith("Octo/security"), author: "dev", want: ReviewRequest{Teams: []string{"security"}}},
		{name: "team of another organisation", p: policyWith("other/security", "sam"), author: "dev", note: "a team of another organisation; GitHub can only request teams of `octo`"},
		{name: "users, without @", p: policyWith("", "@sam", "kim"), author: "dev", want: ReviewRequest{Users: []string{"sam", "kim"}}},
		{name: "team and users", p: policyWith("security", "sam"), author: "dev", want: ReviewRequest{Users: []string{"sam"}, Teams: []string{"security"}}},
		{name: "the author is never asked", p: policyWith("security", "Dev", "sam"), author: "dev", want: ReviewRequest{Users: []string{"sam"}, Teams: []string{"security"}}},
		// Membership is not asked: GitHub leaves the author out of a team's request.
		{name: "the author in the team: the team is still asked", p: policyWith("security"), author: "sec-alice", want: ReviewRequest{Teams: []string{"security"}}},
		{name: "the author is the only user", p: policyWith("", "dev"), author: "dev", note: "No InfoSec reviewers are configured"},
		{name: "nobody configured", p: policyWith(""), author: "dev", note: "No InfoSec reviewers are configured"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plan := PlanReviewers(c.p, "octo", c.author)
			if !reflect.DeepEqual(plan.Wanted, c.want) {
				t.Errorf("wanted = %+v, want %+v", plan.Wanted, c.want)
			}
			if c.note == "" && plan.Note != "" || !strings.Contains(plan.Note, c.note) {
				t.Errorf("note = %q, want one containing %q", plan.Note, c.note)
			}
		})
	}
}

func TestSelectReviewers(t *testing.T) {
	plan := PlanReviewers(policyWith("security", "zoe", "Sam", "kim"), "octo", "dev")
	set := func(keys ...string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keys {
			m[k] = true
		}
		return m
	}
	cases := []struct {
		name  string
		state ReviewerState
		want  ReviewRequest
	}{
		{name: "nobody asked yet: everyone, users sorted", want: ReviewRequest{Users: []string{"Sam", "kim", "zoe"}, Teams: []string{"security"}}},
		{name: "already requested, without case", state: ReviewerState{Current: set(ReviewerKey("sam", ""), ReviewerKey("", "Security"))},
			want: ReviewRequest{Users: []string{"kim", "zoe"}}},
		{name: "already reviewing", state: ReviewerState{Current: set(ReviewerKey("kim", ""))},
			want: ReviewRequest{Users: []string{"Sam", "zoe"}, Teams: []string{"security"}}},
		{name: "requested by Gatehouse before: not again", state: ReviewerState{ByBot: set(ReviewerKey("", "security"), ReviewerKey("zoe", ""))},
			want: ReviewRequest{Users: []string{"Sam", "kim"}}},
		{name: "removed by a person: not again", state: ReviewerState{Removed: set(ReviewerKey("SAM", ""))},
			want: ReviewRequest{Users: []string{"kim", "zoe"}, Teams: []string{"security"}}},
		{name: "everyone covered", state: ReviewerState{Current: set(ReviewerKey("kim", "")), ByBot: set(ReviewerKey("", "security"), ReviewerKey("sam", "")), Removed: set(ReviewerKey("zoe", ""))}},
		{name: "a user and a team of one name are told apart", state: ReviewerState{Current: set(ReviewerKey("security", ""))},
			want: ReviewRequest{Users: []string{"Sam", "kim", "zoe"}, Teams: []string{"security"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := plan.Select(c.state)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Select = %+v, want %+v", got, c.want)
			}
			if got.Empty() != (len(c.want.Users)+len(c.want.Teams) == 0) {
				t.Errorf("Empty = %v", got.Empty())
			}
		})
	}
}

func TestReviewRequested(t *testing.T) {
	got := ReviewRequested(ReviewRequest{Users: []string{"kim", "sam"}, Teams: []string{"security"}}, "dev")
	want := Actions{
		Audit:  []audit.Event{{Kind: audit.KindReviewerRequest, Outcome: "requested", Details: map[string]string{"users": "kim,sam", "teams": "security"}}},
		Notify: []notify.Event{{Kind: notify.KindReviewRequested, Actor: "dev", What: "InfoSec review requested: kim, sam, security"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReviewRequested =\n%+v\nwant\n%+v", got, want)
	}
}

func TestReviewRefused(t *testing.T) {
	plan := PlanReviewers(policyWith("security", "sam"), "octo", "dev")
	req := ReviewRequest{Users: []string{"sam"}, Teams: []string{"security"}}
	long := strings.Repeat("x", 300)
	cases := []struct {
		name     string
		refusal  ReviewRefusal
		note     string
		auditWhy string
	}{
		{name: "team without access", refusal: ReviewRefusal{Status: http.StatusUnprocessableEntity, Message: "Reviews may only be requested from collaborators.", Error: "POST …: 422 Reviews may only be requested from collaborators.", Repo: "octo/app"},
			note: "the team `octo/security` (or a listed user) has no access to `octo/app`", auditWhy: "POST …: 422 Reviews may only be requested from collaborators."},
		{name: "the author", refusal: ReviewRefusal{Status: http.StatusUnprocessableEntity, Message: "Review cannot be requested from pull request author.", Error: "422 author"},
			note: "from the pull request's author; remove them from `infosec.users`", auditWhy: "422 author"},
		{name: "other 422", refusal: ReviewRefusal{Status: http.StatusUnprocessableEntity, Message: "Validation Failed", Error: "422 Validation Failed"},
			note: "could not request InfoSec's review (Validation Failed); request `security` by hand", auditWhy: "422 Validation Failed"},
		{name: "forbidden", refusal: ReviewRefusal{Status: http.StatusForbidden, Message: "Resource not accessible by integration", Error: "403"},
			note: "grant the App **Pull requests: write**", auditWhy: "403"},
		{name: "not found", refusal: ReviewRefusal{Status: http.StatusNotFound, Message: "Not Found", Error: "404"},
			note: "grant the App **Pull requests: write**", auditWhy: "404"},
		{name: "no response, long multi-line error", refusal: ReviewRefusal{Message: "dial tcp:\n" + long, Error: errors.New("dial tcp:\n" + long).Error()},
			note: "could not request InfoSec's review (dial tcp: xxx", auditWhy: Shorten("dial tcp:\n" + long)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := plan.ReviewRefused(req, c.refusal)
			wantAudit := []audit.Event{{Kind: audit.KindReviewerRequest, Outcome: "failed", Reason: c.auditWhy, Details: map[string]string{"users": "sam", "teams": "security"}}}
			if !reflect.DeepEqual(a.Audit, wantAudit) {
				t.Errorf("audit = %+v, want %+v", a.Audit, wantAudit)
			}
			if len(a.Notes) != 1 || !strings.Contains(a.Notes[0], c.note) || strings.Contains(a.Notes[0], "\n") {
				t.Errorf("notes = %q, want one line containing %q", a.Notes, c.note)
			}
			if len(a.Notify)+len(a.Comments)+len(a.AddLabels)+len(a.RemoveLabels) != 0 {
				t.Errorf("a refusal only records and notes: %+v", a)
			}
		})
	}
}

func TestShorten(t *testing.T) {
	if got := Shorten("a\nb"); got != "a b" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten(strings.Repeat("x", 200)); got != strings.Repeat("x", 200) {
		t.Errorf("Shorten cut a line of 200 bytes: %q", got)
	}
	// 202 bytes with a two-byte rune across the cut: cut before it, never
	// inside, and with the mark within 200 bytes.
	got := Shorten(strings.Repeat("x", 196) + "éx" + strings.Repeat("x", 3))
	if got != strings.Repeat("x", 196)+"…" || !utf8.ValidString(got) || len(got) > 200 {
		t.Errorf("Shorten = %q", got)
	}
}
