package evaluation

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/githubio"
	"github.com/gatehouse-sec/gatehouse/internal/httpx"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// Evaluator runs the pipeline for a pull request: check runs in progress,
// policy from the base branch, change set, checks, gate, publication. Every
// evaluation that got as far as creating its runs ends with them completed.
type Evaluator struct {
	clients  githubapp.ClientCreator
	appID    int64
	checks   []checks.Check
	runNames []string
	timeout  time.Duration
	metrics  *Metrics
	now      func() time.Time
	inflight *coalescer
	bot      string
	cache    *githubio.ProcessCache
	audit    *audit.Logger
	notifier *notify.Notifier
	lock     PRLocker
	waiting  waitingEvents
}

// Options configures an Evaluator.
type Options struct {
	Clients githubapp.ClientCreator
	// AppID filters check runs to Gatehouse's own.
	AppID int64
	// Checks run, each publishing its run gatehouse/<name>, in the order of
	// the gate's summary.
	Checks []checks.Check
	// Timeout bounds one evaluation; past it the runs fail closed.
	Timeout time.Duration
	// CommitCacheBytes bounds the process-wide cache of commit diffs.
	CommitCacheBytes int
	Metrics          *Metrics
	Now              func() time.Time
	// BotLogin is Gatehouse's bot user ("slug[bot]"), to recognise its own
	// comments and review requests.
	BotLogin string
	// Audit receives every decision: required, so that no decision misses
	// the audit trail. Notifier tells InfoSec (nil: off).
	Audit    *audit.Logger
	Notifier *notify.Notifier
	// Lock keeps evaluations of one pull request apart across replicas (nil: this process only).
	Lock PRLocker
	// Replicas says other processes write this App's runs and comments too,
	// so what this process remembers of them is not trusted.
	Replicas bool
}

// NewEvaluator builds an Evaluator. It refuses to build one without an
// audit logger.
func NewEvaluator(o Options) (*Evaluator, error) {
	if o.Audit == nil {
		return nil, errors.New("an evaluator needs an audit logger: every decision is recorded")
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.CommitCacheBytes == 0 {
		o.CommitCacheBytes = 256 << 20
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics(nil)
	}
	cache := githubio.NewProcessCache(o.CommitCacheBytes, o.Replicas)
	names := make([]string, len(o.Checks))
	for i, c := range o.Checks {
		names[i] = c.Name()
	}
	return &Evaluator{clients: o.Clients, appID: o.AppID, checks: o.Checks, runNames: RunNames(names...),
		timeout: o.Timeout, metrics: o.Metrics, now: o.Now, inflight: newCoalescer(), bot: o.BotLogin, cache: cache,
		audit: o.Audit, notifier: o.Notifier, lock: o.Lock}, nil
}

// Target is what an event asks to evaluate.
type Target struct {
	InstallationID int64
	Owner, Repo    string
	Number         int
	// HeadSHA is the commit the event is about, when it names one.
	HeadSHA string
	// OnlyIfNew drops the request when that SHA was already evaluated (the
	// check_suite "requested" GitHub sends alongside pull_request "synchronize").
	OnlyIfNew bool
	// Trigger is the person-made event that may change the override.
	Trigger *Trigger
	// DeliveryID is the X-GitHub-Delivery that asked for the evaluation, for the audit trail.
	DeliveryID string
}

// evaluateOnce evaluates the pull request's current head once: its runs
// started, the pipeline (runPipeline), and, whatever happens short of a
// shutdown, its runs completed, with a failure naming the cause if need be.
func (e *Evaluator) evaluateOnce(parent context.Context, t Target) (sha string, err error) {
	started := e.now()
	calls := &httpx.APICalls{}
	ctx, cancel := context.WithTimeout(httpx.WithAPICalls(parent, calls), e.timeout)
	defer cancel()
	logger := *zerolog.Ctx(ctx)

	client, err := e.clients.NewInstallationClient(t.InstallationID)
	if err != nil {
		return "", fmt.Errorf("failed to create a client for installation %d: %w", t.InstallationID, err)
	}
	g := githubio.NewRepo(client, t.Owner, t.Repo, e.cache)
	pr, err := g.PullRequest(ctx, t.Number)
	if err != nil {
		return "", err
	}
	if pr.GetState() != "open" {
		logger.Info().Msg("pull request is not open; not evaluated")
		return "", nil
	}
	sha = pr.GetHead().GetSHA()
	logger = logger.With().Str("sha", sha).Logger()
	ctx = logger.WithContext(ctx)
	rec := &recorder{audit: e.audit, notifier: e.notifier, delivery: t.DeliveryID,
		repo: g.FullName(), pr: t.Number, sha: sha, link: pr.GetHTMLURL()}
	runs := newRunSet(g.CheckRunsOn(sha, e.appID, e.now), e.runNames)
	if superseded, err := runs.supersededRetry(ctx); err != nil || superseded {
		return "", err
	}

	defer func() {
		if r := recover(); r != nil {
			logger.Error().Str("stack", string(debug.Stack())).Msg("evaluation panicked")
			err = errors.New("internal error (panic)")
		}
		var done *publishedError
		switch {
		case leftForNextProcess(parent, err):
			logger.Warn().Err(err).Msg("shutting down: evaluation left in progress for the next process or another replica")
		case err != nil && !errors.As(err, &done):
			e.failRuns(ctx, rec, runs, err)
		}
		e.metrics.observeEvaluation(runs.verdict, e.now().Sub(started), calls)
		logger.Info().Int64("api_calls", calls.Sent.Load()).Int64("api_calls_304", calls.NotModified.Load()).
			Dur("took", e.now().Sub(started)).Msg("evaluation finished")
	}()
	if err := runs.start(ctx); err != nil {
		return sha, err
	}
	if err := e.runPipeline(ctx, g, rec, pr, runs, t.Trigger); err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("timed out after %s (%w)", e.timeout, err)
		}
		return sha, err
	}
	return sha, nil
}

// failRuns completes every run that exists with a failure naming the cause.
// It uses a fresh deadline: the evaluation's own may be what expired.
func (e *Evaluator) failRuns(parent context.Context, rec *recorder, runs *runSet, cause error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), 30*time.Second)
	defer cancel()
	logger := zerolog.Ctx(ctx)
	runs.verdict = string(checks.Failure)
	logger.Error().Err(cause).Msg("evaluation could not finish; gate fails closed")
	rec.record(ctx, audit.KindVerdict, "", "failure", "could not finish: "+cause.Error(), nil)
	out := runOutput{Conclusion: checks.Failure, Title: "Gatehouse could not finish",
		Summary: couldNotFinish(ctx, cause.Error()) + " The gate stays closed until an evaluation completes."}
	for i := len(runs.names) - 1; i >= 0; i-- {
		if !runs.has(runs.names[i]) {
			continue
		}
		if err := runs.complete(ctx, runs.names[i], out); err != nil {
			logger.Error().Err(err).Str("check_run", runs.names[i]).Msg("could not complete check run after failure")
		}
	}
}
