package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// reviewerHistory is what the issue events say about past review requests.
type reviewerHistory struct {
	// byBot are reviewers Gatehouse already requested once: never again.
	byBot map[string]bool
	// removed are reviewers a person took off the request: never again.
	removed map[string]bool
}

func reviewerKey(user, team string) string {
	if team != "" {
		return "team:" + strings.ToLower(team)
	}
	return "user:" + strings.ToLower(user)
}

// history reads review_requested / review_request_removed events.
func (g *gitHub) history(ctx context.Context, number int, bot string) (reviewerHistory, error) {
	h := reviewerHistory{byBot: map[string]bool{}, removed: map[string]bool{}}
	opt := &github.ListOptions{PerPage: 100}
	for {
		evs, resp, err := g.client.Issues.ListIssueEvents(ctx, g.owner, g.repo, number, opt)
		if err != nil {
			return h, fmt.Errorf("failed to list events of %s#%d: %w", g.fullName(), number, err)
		}
		for _, ev := range evs {
			key := reviewerKey(ev.GetRequestedReviewer().GetLogin(), ev.GetRequestedTeam().GetSlug())
			fromBot := strings.EqualFold(ev.GetActor().GetLogin(), bot) || strings.EqualFold(ev.GetReviewRequester().GetLogin(), bot)
			switch ev.GetEvent() {
			case "review_requested":
				if fromBot {
					h.byBot[key] = true
				}
			case "review_request_removed":
				if !fromBot {
					h.removed[key] = true
				}
			}
		}
		if resp.NextPage == 0 {
			return h, nil
		}
		opt.Page = resp.NextPage
	}
}

// requestInfoSec asks InfoSec to review: only those not already requested,
// not already reviewing, not the author, not removed by a person, and not
// requested by Gatehouse before (once per pull request, not once per push).
// It returns notes for the gate's summary, such as how to fix a 422.
func requestInfoSec(ctx context.Context, g *gitHub, p *config.Policy, pr *github.PullRequest, bot string) []string {
	logger := zerolog.Ctx(ctx)
	org, slug := infosecTeam(p, g.owner)
	author := pr.GetUser().GetLogin()
	var wantUsers, wantTeams []string
	if slug != "" {
		if !strings.EqualFold(org, g.owner) {
			return []string{fmt.Sprintf("`infosec.team` names `%s/%s`, a team of another organisation; GitHub can only request teams of `%s`.", org, slug, g.owner)}
		}
		wantTeams = append(wantTeams, slug)
	}
	for _, u := range p.InfoSec.Users {
		u = strings.TrimPrefix(u, "@")
		if !strings.EqualFold(u, author) {
			wantUsers = append(wantUsers, u)
		}
	}
	if len(wantUsers)+len(wantTeams) == 0 {
		return []string{"No InfoSec reviewers are configured: set `infosec.team` or `infosec.users` in `.security.yml` so that someone can approve."}
	}
	hist, err := g.history(ctx, pr.GetNumber(), bot)
	if err != nil {
		logger.Warn().Err(err).Msg("cannot read review history; not requesting reviewers this time")
		return nil
	}
	skip := map[string]bool{}
	for _, u := range pr.RequestedReviewers {
		skip[reviewerKey(u.GetLogin(), "")] = true
	}
	for _, t := range pr.RequestedTeams {
		skip[reviewerKey("", t.GetSlug())] = true
	}
	if rs, err := g.reviews(ctx, pr.GetNumber()); err == nil {
		for _, r := range rs {
			skip[reviewerKey(r.GetUser().GetLogin(), "")] = true
		}
	}
	req := github.ReviewersRequest{}
	for _, u := range wantUsers {
		k := reviewerKey(u, "")
		if !skip[k] && !hist.byBot[k] && !hist.removed[k] {
			req.Reviewers = append(req.Reviewers, u)
		}
	}
	for _, t := range wantTeams {
		k := reviewerKey("", t)
		if !skip[k] && !hist.byBot[k] && !hist.removed[k] {
			req.TeamReviewers = append(req.TeamReviewers, t)
		}
	}
	if len(req.Reviewers)+len(req.TeamReviewers) == 0 {
		return nil
	}
	sort.Strings(req.Reviewers)
	_, resp, err := g.client.PullRequests.RequestReviewers(ctx, g.owner, g.repo, pr.GetNumber(), req)
	if err != nil {
		logger.Warn().Err(err).Msg("InfoSec review request refused")
		recorderFrom(ctx).record(ctx, audit.KindReviewerRequest, "", "failed", gateSafe(err.Error()), reviewerDetails(req))
		return []string{explainReviewError(err, resp, org, slug, g.fullName())}
	}
	recorderFrom(ctx).record(ctx, audit.KindReviewerRequest, "", "requested", "", reviewerDetails(req))
	recorderFrom(ctx).notify(ctx, notify.KindReviewRequested, pr.GetUser().GetLogin(),
		"InfoSec review requested: "+strings.Join(append(req.Reviewers, req.TeamReviewers...), ", "))
	return nil
}

// explainReviewError turns GitHub's refusals into what to do about them.
func explainReviewError(err error, resp *github.Response, org, slug, repo string) string {
	var ge *github.ErrorResponse
	msg := err.Error()
	if errors.As(err, &ge) {
		msg = ge.Message
	}
	if resp != nil && resp.StatusCode == http.StatusUnprocessableEntity {
		switch {
		case strings.Contains(msg, "not a collaborator") || strings.Contains(msg, "collaborators"):
			return fmt.Sprintf("GitHub refused to request InfoSec's review: the team `%s/%s` (or a listed user) has no access to `%s`. Give the team at least read access to the repository (Settings › Collaborators and teams), or fix `infosec.team` / `infosec.users`.", org, slug, repo)
		case strings.Contains(msg, "author"):
			return "GitHub refused to request a review from the pull request's author; remove them from `infosec.users` or ask another InfoSec member."
		}
	}
	if resp != nil && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound) {
		return "Gatehouse may not request reviewers here: grant the App **Pull requests: write** (and **Organization › Members: read** for teams), then re-run."
	}
	return "Gatehouse could not request InfoSec's review (" + gateSafe(msg) + "); request `" + slug + "` by hand."
}

func reviewerDetails(req github.ReviewersRequest) map[string]string {
	return map[string]string{"users": strings.Join(req.Reviewers, ","), "teams": strings.Join(req.TeamReviewers, ",")}
}

func gateSafe(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
