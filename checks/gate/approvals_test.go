package gate

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
)

func TestCountApprovals(t *testing.T) {
	commits := []string{"c1111111", "c2222222", "c3333333"}
	workflow := checks.ApprovalNeed{Kind: "sensitive-path", Subject: ".github/workflows/ci.yml", Commits: []string{"c1111111"}}
	workflowAgain := checks.ApprovalNeed{Kind: "sensitive-path", Subject: ".github/workflows/ci.yml", Commits: []string{"c1111111", "c3333333"}}
	infosec := map[string]bool{"alice": true, "bob": true}
	cases := []struct {
		name                  string
		reviews               []Review
		needs                 []checks.ApprovalNeed
		author                string
		valid, stale, refused []string
		staleWhy              string
	}{
		{name: "member approves", reviews: []Review{{"alice", "APPROVED", "c2222222"}}, needs: []checks.ApprovalNeed{workflow}, valid: []string{"alice"}},
		{name: "non-member ignored", reviews: []Review{{"mallory", "APPROVED", "c3333333"}}, needs: []checks.ApprovalNeed{workflow}, refused: []string{"mallory"}},
		{name: "author cannot approve", reviews: []Review{{"Alice", "APPROVED", "c3333333"}}, author: "alice", needs: []checks.ApprovalNeed{workflow}, refused: []string{"Alice"}},
		{name: "later changes requested withdraws", reviews: []Review{{"alice", "APPROVED", "c1111111"}, {"alice", "CHANGES_REQUESTED", "c2222222"}}, needs: []checks.ApprovalNeed{workflow}},
		{name: "dismissed withdraws", reviews: []Review{{"alice", "APPROVED", "c1111111"}, {"alice", "DISMISSED", "c1111111"}}, needs: []checks.ApprovalNeed{workflow}},
		{name: "comment does not withdraw", reviews: []Review{{"alice", "APPROVED", "c2222222"}, {"alice", "COMMENTED", "c3333333"}}, needs: []checks.ApprovalNeed{workflow}, valid: []string{"alice"}},
		{name: "stale after sensitive change", reviews: []Review{{"alice", "APPROVED", "c2222222"}}, needs: []checks.ApprovalNeed{workflowAgain}, stale: []string{"alice"}, staleWhy: "commit c333333 changed `.github/workflows/ci.yml`"},
		{name: "push elsewhere keeps approval", reviews: []Review{{"bob", "APPROVED", "c1111111"}}, needs: []checks.ApprovalNeed{workflow}, valid: []string{"bob"}},
		{name: "force-pushed away", reviews: []Review{{"bob", "APPROVED", "gone"}}, needs: []checks.ApprovalNeed{workflow}, stale: []string{"bob"}, staleWhy: "force-push"},
	}
	names := func(as []Approval) string {
		var s []string
		for _, a := range as {
			s = append(s, a.Login)
		}
		return strings.Join(s, ",")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CountApprovals(c.reviews, infosec, c.author, 1, c.needs, commits)
			if names(got.Valid) != strings.Join(c.valid, ",") || names(got.Stale) != strings.Join(c.stale, ",") || names(got.Rejected) != strings.Join(c.refused, ",") {
				t.Errorf("valid=%q stale=%q rejected=%q", names(got.Valid), names(got.Stale), names(got.Rejected))
			}
			if c.staleWhy != "" && (len(got.Stale) == 0 || !strings.Contains(got.Stale[0].Why, c.staleWhy)) {
				t.Errorf("stale reason = %+v, want %q", got.Stale, c.staleWhy)
			}
		})
	}
}
