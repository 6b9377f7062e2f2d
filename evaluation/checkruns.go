package evaluation

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// Check-run names: the contract users mark as required.
const (
	RunGate         = "gatehouse"
	RunSecrets      = "gatehouse/secrets"
	RunDependencies = "gatehouse/dependencies"
	RunDLP          = "gatehouse/dlp"
)

// RunNames lists every run Gatehouse keeps on a head SHA, gate first.
var RunNames = []string{RunGate, RunSecrets, RunDependencies, RunDLP}

// runSet is the check runs of one head SHA. It reuses the runs Gatehouse
// already made for that SHA (found by name and app), so duplicate deliveries,
// re-runs and restarts never leave two runs of one name behind.
type runSet struct {
	g       *gitHub
	headSHA string
	appID   int64
	runs    map[string]*github.CheckRun
	now     func() time.Time
	// verdict is the gate's conclusion once decided, for metrics.
	verdict string
	// changed names the runs whose result this evaluation published (not
	// skipped as unchanged): notifications fire on those only.
	changed map[string]bool
	// cache remembers this App's runs per SHA across evaluations.
	cache *processCache
	// prevState is what the gate run of this SHA recorded before this
	// evaluation (the override), read before the run is restarted.
	prevState gateState
}

// start makes every run exist and shows the evaluation as in progress: runs
// are created in_progress; an existing gate run is set back to in_progress.
// Existing per-check runs keep their result until a changed one replaces it,
// which keeps a re-run of an unchanged SHA to a handful of API calls.
func (r *runSet) start(ctx context.Context) error {
	existing := r.cache.getRuns(r.cacheKey())
	if len(existing) != len(RunNames) {
		var err error
		if existing, err = r.list(ctx); err != nil {
			return err
		}
	}
	r.runs = existing
	defer func() { r.cache.putRuns(r.cacheKey(), r.runs) }()
	if gateRun := existing[RunGate]; gateRun != nil {
		r.prevState = parseGateState(gateRun)
	}
	for _, name := range RunNames {
		run, ok := r.runs[name]
		switch {
		case !ok:
			created, _, err := r.g.client.Checks.CreateCheckRun(ctx, r.g.owner, r.g.repo, github.CreateCheckRunOptions{
				Name: name, HeadSHA: r.headSHA, Status: github.String("in_progress"),
				StartedAt:  &github.Timestamp{Time: r.now()},
				ExternalID: github.String("pending"),
				Output:     &github.CheckRunOutput{Title: github.String("Evaluating…"), Summary: github.String("Gatehouse is evaluating this commit.")},
			})
			if err != nil {
				return fmt.Errorf("failed to create check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
			}
			r.runs[name] = created
		case name == RunGate && run.GetStatus() != "in_progress":
			updated, _, err := r.g.client.Checks.UpdateCheckRun(ctx, r.g.owner, r.g.repo, run.GetID(), github.UpdateCheckRunOptions{
				Name: name, Status: github.String("in_progress"),
				Output: &github.CheckRunOutput{Title: github.String("Re-evaluating…"), Summary: github.String("Gatehouse is evaluating this commit again."),
					Text: github.String(r.prevState.text())},
			})
			if err != nil {
				return fmt.Errorf("failed to restart check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
			}
			r.runs[name] = updated
		}
	}
	return nil
}

func (r *runSet) cacheKey() string { return r.g.fullName() + "@" + r.headSHA }

// list finds Gatehouse's latest run of each name on the head SHA.
func (r *runSet) list(ctx context.Context) (map[string]*github.CheckRun, error) {
	out := map[string]*github.CheckRun{}
	opt := &github.ListCheckRunsOptions{Filter: github.String("latest"), ListOptions: github.ListOptions{PerPage: 100}}
	if r.appID != 0 {
		opt.AppID = github.Int64(r.appID)
	}
	for {
		res, resp, err := r.g.client.Checks.ListCheckRunsForRef(ctx, r.g.owner, r.g.repo, r.headSHA, opt)
		if err != nil {
			return nil, fmt.Errorf("failed to list check runs of %s: %w", checks.ShortSHA(r.headSHA), err)
		}
		for _, run := range res.CheckRuns {
			if r.appID != 0 && run.GetApp().GetID() != 0 && run.GetApp().GetID() != r.appID {
				continue
			}
			if prev, ok := out[run.GetName()]; !ok || run.GetID() > prev.GetID() {
				out[run.GetName()] = run
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// complete publishes a run's result. Annotations go 50 per request, as GitHub
// requires: every batch but the last while the run is still in progress, the
// last with the conclusion, so the run never looks finished before it is. An
// unchanged result (same external_id) on an already completed run is not sent again.
func (r *runSet) complete(ctx context.Context, name string, out runOutput) error {
	run := r.runs[name]
	if run == nil {
		return fmt.Errorf("no check run %s to complete", name)
	}
	id := out.externalID()
	if run.GetStatus() == "completed" && run.GetExternalID() == id {
		zerolog.Ctx(ctx).Debug().Str("check_run", name).Msg("check run unchanged; not updated")
		return nil
	}
	if run.GetOutput().GetAnnotationsCount() > 0 {
		// GitHub appends annotations to a run's existing ones; a changed result
		// goes on a new run, which becomes the latest of its name.
		created, _, err := r.g.client.Checks.CreateCheckRun(ctx, r.g.owner, r.g.repo, github.CreateCheckRunOptions{
			Name: name, HeadSHA: r.headSHA, Status: github.String("in_progress"),
			StartedAt: &github.Timestamp{Time: r.now()}, ExternalID: github.String("pending"),
		})
		if err != nil {
			return fmt.Errorf("failed to create check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
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
		updated, _, err := r.g.client.Checks.UpdateCheckRun(ctx, r.g.owner, r.g.repo, run.GetID(), opts)
		if err != nil {
			return fmt.Errorf("failed to update check run %s on %s: %w", name, checks.ShortSHA(r.headSHA), err)
		}
		r.runs[name] = updated
		r.cache.putRuns(r.cacheKey(), r.runs)
	}
	if r.changed == nil {
		r.changed = map[string]bool{}
	}
	r.changed[name] = true
	return nil
}
