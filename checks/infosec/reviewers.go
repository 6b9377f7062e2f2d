package infosec

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// ReviewNeeded reports whether InfoSec must be asked to review: something
// needs approval and fewer approvals count than required (at least one).
func ReviewNeeded(needs []checks.ApprovalNeed, a gate.Approvals) bool {
	return len(needs) > 0 && len(a.Valid) < max(a.Required, 1)
}

// ReviewRequest is whom to ask for a review: users and team slugs.
type ReviewRequest struct {
	Users []string
	Teams []string
}

// Empty reports whether the request asks nobody.
func (r ReviewRequest) Empty() bool { return len(r.Users)+len(r.Teams) == 0 }

// ReviewerKey names a reviewer, user or team, without case, for the sets of
// ReviewerState.
func ReviewerKey(user, team string) string {
	if team != "" {
		return "team:" + strings.ToLower(team)
	}
	return "user:" + strings.ToLower(user)
}

// ReviewerState is what the pull request and its history say about review
// requests, keyed by ReviewerKey.
type ReviewerState struct {
	// Current are reviewers requested now, or who already reviewed.
	Current map[string]bool
	// ByBot are reviewers Gatehouse requested once already: never again,
	// so that a request is made once per pull request, not once per push.
	ByBot map[string]bool
	// Removed are reviewers a person took off the request: never again.
	Removed map[string]bool
}

// ReviewerPlan is whom InfoSec's policy wants to review this pull request.
type ReviewerPlan struct {
	// Wanted are the configured reviewers, less the author.
	Wanted ReviewRequest
	// Note says why nobody can be requested (a team of another organisation,
	// nobody configured), for the summary; Wanted is then empty.
	Note string
	// Org and Slug are infosec.team's (see Team), to say what to fix when
	// GitHub refuses the request.
	Org, Slug string
}

// PlanReviewers decides whom to ask before any history is read: the team
// (only one of the repository owner's: GitHub requests no other) and the
// users, never the pull request's author.
func PlanReviewers(p *config.Policy, owner, author string) ReviewerPlan {
	var plan ReviewerPlan
	plan.Org, plan.Slug = Team(p, owner)
	if plan.Slug != "" {
		if !strings.EqualFold(plan.Org, owner) {
			plan.Note = fmt.Sprintf("`infosec.team` names `%s/%s`, a team of another organisation; GitHub can only request teams of `%s`.", plan.Org, plan.Slug, owner)
			return plan
		}
		plan.Wanted.Teams = append(plan.Wanted.Teams, plan.Slug)
	}
	for _, u := range Users(p) {
		if !strings.EqualFold(u, author) {
			plan.Wanted.Users = append(plan.Wanted.Users, u)
		}
	}
	if plan.Wanted.Empty() {
		plan.Note = "No InfoSec reviewers are configured: set `infosec.team` or `infosec.users` in `.security.yml` so that someone can approve."
	}
	return plan
}

// Select keeps of the wanted reviewers those not requested or reviewing
// already, not removed by a person, and not requested by Gatehouse before.
func (p ReviewerPlan) Select(s ReviewerState) ReviewRequest {
	var out ReviewRequest
	keep := func(k string) bool { return !s.Current[k] && !s.ByBot[k] && !s.Removed[k] }
	for _, u := range p.Wanted.Users {
		if keep(ReviewerKey(u, "")) {
			out.Users = append(out.Users, u)
		}
	}
	for _, t := range p.Wanted.Teams {
		if keep(ReviewerKey("", t)) {
			out.Teams = append(out.Teams, t)
		}
	}
	sort.Strings(out.Users)
	return out
}

// ReviewRequested is what to record once GitHub accepted the request.
func ReviewRequested(r ReviewRequest, author string) Actions {
	return Actions{
		Audit:  []audit.Event{{Kind: audit.KindReviewerRequest, Outcome: "requested", Details: r.details()}},
		Notify: []notify.Event{{Kind: notify.KindReviewRequested, Actor: author, What: "InfoSec review requested: " + strings.Join(append(append([]string{}, r.Users...), r.Teams...), ", ")}},
	}
}

// ReviewRefusal is GitHub's answer to a refused review request.
type ReviewRefusal struct {
	// Status is the HTTP status (0: no response).
	Status int
	// Message is GitHub's message, or the error's text without one.
	Message string
	// Error is the whole error's text, for the audit trail.
	Error string
	// Repo is the repository ("owner/name"), to say what to fix.
	Repo string
}

// ReviewRefused is what to record and tell on the summary when GitHub
// refused the request: the refusal, and what to do about it.
func (p ReviewerPlan) ReviewRefused(r ReviewRequest, f ReviewRefusal) Actions {
	return Actions{
		Audit: []audit.Event{{Kind: audit.KindReviewerRequest, Outcome: "failed", Reason: Shorten(f.Error), Details: r.details()}},
		Notes: []string{p.explainRefusal(f)},
	}
}

// explainRefusal turns GitHub's refusals into what to do about them.
func (p ReviewerPlan) explainRefusal(f ReviewRefusal) string {
	if f.Status == http.StatusUnprocessableEntity {
		switch {
		case strings.Contains(f.Message, "not a collaborator") || strings.Contains(f.Message, "collaborators"):
			return fmt.Sprintf("GitHub refused to request InfoSec's review: the team `%s/%s` (or a listed user) has no access to `%s`. Give the team at least read access to the repository (Settings › Collaborators and teams), or fix `infosec.team` / `infosec.users`.", p.Org, p.Slug, f.Repo)
		case strings.Contains(f.Message, "author"):
			return "GitHub refused to request a review from the pull request's author; remove them from `infosec.users` or ask another InfoSec member."
		}
	}
	if f.Status == http.StatusForbidden || f.Status == http.StatusNotFound {
		return "Gatehouse may not request reviewers here: grant the App **Pull requests: write** (and **Organization › Members: read** for teams), then re-run."
	}
	return "Gatehouse could not request InfoSec's review (" + Shorten(f.Message) + "); request `" + p.Slug + "` by hand."
}

func (r ReviewRequest) details() map[string]string {
	return map[string]string{"users": strings.Join(r.Users, ","), "teams": strings.Join(r.Teams, ",")}
}

// Shorten makes an error's text fit one summary line: no line breaks, at
// most 200 bytes, cut between runes.
func Shorten(s string) string {
	return gate.Truncate(strings.ReplaceAll(s, "\n", " "), 200)
}
