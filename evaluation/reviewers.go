package evaluation

import (
	"context"
	"errors"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// history reads review_requested / review_request_removed events.
// It fills the ByBot and Removed sets of infosec.ReviewerState.
func history(ctx context.Context, g githubio.Reader, number int, bot string) (infosec.ReviewerState, error) {
	h := infosec.ReviewerState{Current: map[string]bool{}, ByBot: map[string]bool{}, Removed: map[string]bool{}}
	evs, err := g.IssueEvents(ctx, number)
	if err != nil {
		return h, err
	}
	for _, ev := range evs {
		key := infosec.ReviewerKey(ev.GetRequestedReviewer().GetLogin(), ev.GetRequestedTeam().GetSlug())
		fromBot := strings.EqualFold(ev.GetActor().GetLogin(), bot) || strings.EqualFold(ev.GetReviewRequester().GetLogin(), bot)
		switch ev.GetEvent() {
		case "review_requested":
			if fromBot {
				h.ByBot[key] = true
			}
		case "review_request_removed":
			if !fromBot {
				h.Removed[key] = true
			}
		}
	}
	return h, nil
}

// requestInfoSec asks InfoSec to review, as infosec.PlanReviewers and
// ReviewerPlan.Select decide: once per pull request, never the author nor
// whom a person removed. It reads the history only when someone is wanted,
// and returns notes for the gate's summary, such as how to fix a 422.
func requestInfoSec(ctx context.Context, g githubio.GitHub, rec *recorder, p *config.Policy, pr *github.PullRequest, bot string) []string {
	plan := infosec.PlanReviewers(p, g.Owner(), pr.GetUser().GetLogin())
	if plan.Note != "" {
		return []string{plan.Note}
	}
	state, err := history(ctx, g, pr.GetNumber(), bot)
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("cannot read review history; not requesting reviewers this time")
		return nil
	}
	for _, u := range pr.RequestedReviewers {
		state.Current[infosec.ReviewerKey(u.GetLogin(), "")] = true
	}
	for _, t := range pr.RequestedTeams {
		state.Current[infosec.ReviewerKey("", t.GetSlug())] = true
	}
	if rs, err := g.Reviews(ctx, pr.GetNumber()); err == nil {
		for _, r := range rs {
			state.Current[infosec.ReviewerKey(r.GetUser().GetLogin(), "")] = true
		}
	}
	req := plan.Select(state)
	if req.Empty() {
		return nil
	}
	resp, err := g.RequestReviewers(ctx, pr.GetNumber(), github.ReviewersRequest{Reviewers: req.Users, TeamReviewers: req.Teams})
	if err != nil {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("InfoSec review request refused")
		return carryOut(ctx, g, rec, pr.GetNumber(), plan.ReviewRefused(req, reviewRefusal(err, resp, g.FullName())))
	}
	return carryOut(ctx, g, rec, pr.GetNumber(), infosec.ReviewRequested(req, pr.GetUser().GetLogin()))
}

// reviewRefusal is what GitHub said when it refused a review request.
func reviewRefusal(err error, resp *github.Response, repo string) infosec.ReviewRefusal {
	f := infosec.ReviewRefusal{Message: err.Error(), Error: err.Error(), Repo: repo}
	var ge *github.ErrorResponse
	if errors.As(err, &ge) {
		f.Message = ge.Message
	}
	if resp != nil {
		f.Status = resp.StatusCode
	}
	return f
}
