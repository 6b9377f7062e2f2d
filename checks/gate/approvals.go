package gate

import (
	"sort"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// Review is one pull request review, as the approval rules need it.
type Review struct {
	Login string
	// State is GitHub's: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED.
	State string
	// Commit is the head SHA the review was made at.
	Commit string
}

// CountApprovals decides which InfoSec approvals count. A reviewer's latest
// decisive review is theirs (a later CHANGES_REQUESTED or a dismissal withdraws
// an approval). An approval counts only from a member (infosec[login]), never
// from the author, and goes stale when a commit after it touched what needed
// approval again: re-approving is then required, naming that commit.
func CountApprovals(reviews []Review, infosec map[string]bool, author string, required int, needs []checks.ApprovalNeed, commits []string) Approvals {
	out := Approvals{Required: required}
	latest := map[string]Review{}
	var order []string
	for _, r := range reviews {
		switch r.State {
		case "APPROVED", "CHANGES_REQUESTED", "DISMISSED":
		default:
			continue
		}
		key := strings.ToLower(r.Login)
		if _, seen := latest[key]; !seen {
			order = append(order, key)
		}
		latest[key] = r
	}
	index := make(map[string]int, len(commits))
	for i, c := range commits {
		index[c] = i
	}
	for _, key := range order {
		r := latest[key]
		if r.State != "APPROVED" {
			continue
		}
		a := Approval{Login: r.Login, Commit: r.Commit}
		switch {
		case strings.EqualFold(r.Login, author):
			a.Why = "the author cannot approve their own pull request"
			out.Rejected = append(out.Rejected, a)
		case !infosec[key]:
			a.Why = "not a member of InfoSec (infosec.team or infosec.users)"
			out.Rejected = append(out.Rejected, a)
		default:
			if why := staleness(r.Commit, needs, index); why != "" {
				a.Why = why
				out.Stale = append(out.Stale, a)
			} else {
				out.Valid = append(out.Valid, a)
			}
		}
	}
	return out
}

// staleness explains why an approval at commit no longer covers the needs.
func staleness(commit string, needs []checks.ApprovalNeed, index map[string]int) string {
	at, ok := index[commit]
	if !ok {
		return "the approved commit is no longer part of the pull request (force-push)"
	}
	type later struct {
		idx  int
		sha  string
		path string
	}
	var after []later
	for _, n := range needs {
		for _, c := range n.Commits {
			if i, ok := index[c]; ok && i > at {
				after = append(after, later{i, c, n.Subject})
			}
		}
	}
	if len(after) == 0 {
		return ""
	}
	sort.Slice(after, func(i, j int) bool { return after[i].idx > after[j].idx })
	return "commit " + checks.ShortSHA(after[0].sha) + " changed `" + after[0].path + "` after it"
}
