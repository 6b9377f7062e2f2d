package githubio

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// CheckRuns publishes Gatehouse's check runs on one head SHA. It reuses the
// runs Gatehouse already made there (found by name and app), so duplicate
// deliveries, re-runs and restarts never leave two runs of one name behind.
type CheckRuns struct {
	repo    *Repo
	headSHA string
	appID   int64
	now     func() time.Time
	runs    map[string]*github.CheckRun
}

// CheckRunsOn returns the publisher of the App appID's runs on headSHA.
func (g *Repo) CheckRunsOn(headSHA string, appID int64, now func() time.Time) *CheckRuns {
	return &CheckRuns{repo: g, headSHA: headSHA, appID: appID, now: now}
}

func (r *CheckRuns) cacheKey() string { return r.repo.FullName() + "@" + r.headSHA }

// Existing returns the latest run of each name on the head SHA, from what
// this process last wrote when it trusts that (want names them all), else
// from GitHub. The runs stay known for Start and Complete.
func (r *CheckRuns) Existing(ctx context.Context, want []string) (map[string]*github.CheckRun, error) {
	existing := r.repo.cache.Runs(r.cacheKey())
	if len(existing) != len(want) {
		var err error
		if existing, err = r.List(ctx); err != nil {
			return nil, err
		}
	}
	r.runs = existing
	return existing, nil
}

// List reads the latest run of each name from GitHub, never from memory.
func (r *CheckRuns) List(ctx context.Context) (map[string]*github.CheckRun, error) {
	return r.repo.CheckRuns(ctx, r.headSHA, r.appID)
}

// Start makes every named run exist and shows the evaluation in progress:
// missing runs are created in_progress; an existing gate run is set back to
// in_progress, keeping gateText (the state it carries from one evaluation to
// the next). Existing per-check runs keep their result until a changed one
// replaces it, which keeps a re-run of an unchanged SHA to a handful of API
// calls. Call Existing first.
func (r *CheckRuns) Start(ctx context.Context, names []string, gate, gateText string) error {
	if r.runs == nil {
		r.runs = map[string]*github.CheckRun{}
	}
	defer func() { r.repo.cache.PutRuns(r.cacheKey(), r.runs) }()
	for _, name := range names {
		run, ok := r.runs[name]
		switch {
		case !ok:
			created, err := r.repo.CreateCheckRun(ctx, github.CreateCheckRunOptions{
				Name: name, HeadSHA: r.headSHA, Status: github.String("in_progress"),
				StartedAt:  &github.Timestamp{Time: r.now()},
				ExternalID: github.String("pending"),
				Output:     &github.CheckRunOutput{Title: github.String("Evaluating…"), Summary: github.String("Gatehouse is evaluating this commit.")},
			})
			if err != nil {
				return fmt.Errorf("failed to create check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
			}
			r.runs[name] = created
		case name == gate && run.GetStatus() != "in_progress":
			updated, err := r.repo.UpdateCheckRun(ctx, run.GetID(), github.UpdateCheckRunOptions{
				Name: name, Status: github.String("in_progress"),
				Output: &github.CheckRunOutput{Title: github.String("Re-evaluating…"), Summary: github.String("Gatehouse is evaluating this commit again."),
					Text: github.String(gateText)},
			})
			if err != nil {
				return fmt.Errorf("failed to restart check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
			}
			r.runs[name] = updated
		}
	}
	return nil
}

// Has reports whether the run name exists (Start made it, or found it).
func (r *CheckRuns) Has(name string) bool { return r.runs[name] != nil }

// Complete publishes a run's result. Annotations go 50 per request, as GitHub
// requires: every batch but the last while the run is still in progress, the
// last with the conclusion, so the run never looks finished before it is. An
// unchanged result (same external_id) on an already completed run is not
// sent again: published is false then.
func (r *CheckRuns) Complete(ctx context.Context, name string, out RunOutput) (published bool, err error) {
	run := r.runs[name]
	if run == nil {
		return false, fmt.Errorf("no check run %s to complete", name)
	}
	id := out.ExternalID()
	if run.GetStatus() == "completed" && run.GetExternalID() == id {
		zerolog.Ctx(ctx).Debug().Str("check_run", name).Msg("check run unchanged; not updated")
		return false, nil
	}
	if run.GetOutput().GetAnnotationsCount() > 0 {
		// GitHub appends annotations to a run's existing ones; a changed result
		// goes on a new run, which becomes the latest of its name.
		created, err := r.repo.CreateCheckRun(ctx, github.CreateCheckRunOptions{
			Name: name, HeadSHA: r.headSHA, Status: github.String("in_progress"),
			StartedAt: &github.Timestamp{Time: r.now()}, ExternalID: github.String("pending"),
		})
		if err != nil {
			return false, fmt.Errorf("failed to create check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
		}
		run = created
		r.runs[name] = created
	}
	batches := out.batches()
	for i, batch := range batches {
		opts := github.UpdateCheckRunOptions{
			Name:       name,
			ExternalID: github.String(id),
			Output: &github.CheckRunOutput{
				Title: github.String(out.Title), Summary: github.String(out.Summary),
				Annotations: batch,
			},
		}
		if out.Text != "" {
			opts.Output.Text = github.String(out.Text)
		}
		if i == len(batches)-1 {
			opts.Status = github.String("completed")
			opts.Conclusion = github.String(string(out.Conclusion))
			opts.CompletedAt = &github.Timestamp{Time: r.now()}
		} else {
			opts.Status = github.String("in_progress")
		}
		updated, err := r.repo.UpdateCheckRun(ctx, run.GetID(), opts)
		if err != nil {
			return false, fmt.Errorf("failed to update check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
		}
		r.runs[name] = updated
		r.repo.cache.PutRuns(r.cacheKey(), r.runs)
	}
	return true, nil
}
