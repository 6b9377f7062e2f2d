package evaluation

import (
	"context"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// RunGate is the gate's check run: the one users mark as required.
const RunGate = "gatehouse"

// RunName is the run of the check named check: gatehouse/secrets,
// gatehouse/dependencies, gatehouse/dlp. The names are a contract: users
// mark them as required.
func RunName(check string) string { return checks.RunName(check) }

// RunNames lists the runs Gatehouse keeps on a head SHA for these checks,
// gate first.
func RunNames(checkNames ...string) []string {
	out := []string{RunGate}
	for _, c := range checkNames {
		out = append(out, RunName(c))
	}
	return out
}

// runSet is the evaluation's check runs on its head SHA: githubio's
// publisher, which reuses the runs Gatehouse already made there, plus what
// the evaluation learns from them.
type runSet struct {
	pub *githubio.CheckRuns
	// names are every run kept on the SHA, gate first (RunNames).
	names []string
	// verdict is the gate's conclusion once decided, for metrics.
	verdict string
	// changed names the runs whose result this evaluation published (not
	// skipped as unchanged): notifications fire on those only.
	changed map[string]bool
	// prevState is what the gate run of this SHA recorded before this
	// evaluation (the override), read before the run is restarted.
	prevState gateState
}

func newRunSet(pub *githubio.CheckRuns, names []string) *runSet {
	return &runSet{pub: pub, names: names, changed: map[string]bool{}}
}

// start makes every run exist and shows the evaluation as in progress,
// keeping the override its gate run recorded (see githubio.CheckRuns.Start).
func (r *runSet) start(ctx context.Context) error {
	existing, err := r.pub.Existing(ctx, r.names)
	if err != nil {
		return err
	}
	if gateRun := existing[RunGate]; gateRun != nil {
		r.prevState = parseGateState(gateRun)
	}
	return r.pub.Start(ctx, r.names, RunGate, r.prevState.text())
}

// list reads Gatehouse's latest run of each name on the head SHA from GitHub.
func (r *runSet) list(ctx context.Context) (map[string]*github.CheckRun, error) {
	return r.pub.List(ctx)
}

// has reports whether run name exists on the head SHA.
func (r *runSet) has(name string) bool { return r.pub.Has(name) }

// complete publishes a run's result, noting whether it changed.
func (r *runSet) complete(ctx context.Context, name string, out runOutput) error {
	published, err := r.pub.Complete(ctx, name, out)
	if published {
		r.changed[name] = true
	}
	return err
}
