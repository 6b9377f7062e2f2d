package githubio

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// Publisher is what an evaluation writes to one repository. Check-run
// writes return GitHub's error as is, for the caller to name the run.
type Publisher interface {
	// CreateCheckRun creates a check run.
	CreateCheckRun(ctx context.Context, opts github.CreateCheckRunOptions) (*github.CheckRun, error)
	// UpdateCheckRun updates check run id.
	UpdateCheckRun(ctx context.Context, id int64, opts github.UpdateCheckRunOptions) (*github.CheckRun, error)
	// AddLabel adds one label to a pull request; RemoveLabel removes it.
	AddLabel(ctx context.Context, number int, label string) error
	RemoveLabel(ctx context.Context, number int, label string) error
	// CreateComment comments on a pull request; EditComment rewrites comment id.
	CreateComment(ctx context.Context, number int, body string) (*github.IssueComment, error)
	EditComment(ctx context.Context, id int64, body string) (*github.IssueComment, error)
	// RequestReviewers requests reviews; GitHub's response explains a refusal.
	RequestReviewers(ctx context.Context, number int, req github.ReviewersRequest) (*github.Response, error)
}

// CreateCheckRun implements Publisher.
func (g *Repo) CreateCheckRun(ctx context.Context, opts github.CreateCheckRunOptions) (*github.CheckRun, error) {
	run, _, err := g.client.Checks.CreateCheckRun(ctx, g.owner, g.name, opts)
	return run, err
}

// UpdateCheckRun implements Publisher.
func (g *Repo) UpdateCheckRun(ctx context.Context, id int64, opts github.UpdateCheckRunOptions) (*github.CheckRun, error) {
	run, _, err := g.client.Checks.UpdateCheckRun(ctx, g.owner, g.name, id, opts)
	return run, err
}

// AddLabel implements Publisher, in the object form GitHub recommends
// (go-github v60's AddLabelsToIssue sends the bare-array form).
func (g *Repo) AddLabel(ctx context.Context, number int, label string) error {
	u := fmt.Sprintf("repos/%s/%s/issues/%d/labels", g.owner, g.name, number)
	req, err := g.client.NewRequest("POST", u, map[string][]string{"labels": {label}})
	if err != nil {
		return err
	}
	if _, err := g.client.Do(ctx, req, nil); err != nil {
		return fmt.Errorf("failed to label %s#%d: %w", g.FullName(), number, err)
	}
	return nil
}

// RemoveLabel implements Publisher.
func (g *Repo) RemoveLabel(ctx context.Context, number int, label string) error {
	if _, err := g.client.Issues.RemoveLabelForIssue(ctx, g.owner, g.name, number, label); err != nil {
		return fmt.Errorf("failed to remove label %q from %s#%d: %w", label, g.FullName(), number, err)
	}
	return nil
}

// CreateComment implements Publisher.
func (g *Repo) CreateComment(ctx context.Context, number int, body string) (*github.IssueComment, error) {
	c, _, err := g.client.Issues.CreateComment(ctx, g.owner, g.name, number, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return nil, fmt.Errorf("failed to comment on %s#%d: %w", g.FullName(), number, err)
	}
	return c, nil
}

// EditComment implements Publisher.
func (g *Repo) EditComment(ctx context.Context, id int64, body string) (*github.IssueComment, error) {
	c, _, err := g.client.Issues.EditComment(ctx, g.owner, g.name, id, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return nil, fmt.Errorf("failed to edit comment %d in %s: %w", id, g.FullName(), err)
	}
	return c, nil
}

// RequestReviewers implements Publisher.
func (g *Repo) RequestReviewers(ctx context.Context, number int, req github.ReviewersRequest) (*github.Response, error) {
	_, resp, err := g.client.PullRequests.RequestReviewers(ctx, g.owner, g.name, number, req)
	return resp, err
}
