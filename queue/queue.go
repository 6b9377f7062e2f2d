package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// DefaultBackoff is how long Gatehouse waits before each automatic retry of
// an evaluation that could not finish: about 1, 2, 5, 10 and 20 minutes.
var DefaultBackoff = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 20 * time.Minute}

// Options configure a Queue.
type Options struct {
	DB *DB
	// Handlers evaluate deliveries, by the event types they handle.
	Handlers []githubapp.EventHandler
	// Workers is how many jobs this process runs at once.
	Workers int
	// EvaluationTimeout bounds one evaluation; a job may run several.
	EvaluationTimeout time.Duration
	// Replica names this process in audit events and in the database
	// (GATEHOUSE_REPLICA, default the host name).
	Replica string
	// ReplicaTimeout is how long a process may stay silent before its jobs
	// are taken over (default 60 s; heartbeats every quarter of it).
	ReplicaTimeout time.Duration
	// Backoff is the retry schedule (default DefaultBackoff).
	Backoff []time.Duration
	// CatchUp, when set, runs at start and every CatchUpInterval on one
	// replica (River's leader).
	CatchUp         *CatchUp
	CatchUpInterval time.Duration
	Registry        prometheus.Registerer
	Logger          zerolog.Logger
	// Audit records redeliveries asked for and evaluations resumed: required.
	Audit *audit.Logger
}

// riverClient is what Gatehouse uses of River's client, whatever the
// driver's transaction type: one code path for SQLite and Postgres.
type riverClient interface {
	InsertMany(ctx context.Context, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
	SubscribeConfig(config *river.SubscribeConfig) (<-chan *river.Event, func())
}

// Queue is the durable intake and its workers.
type Queue struct {
	o        Options
	db       *DB
	client   riverClient
	id       string // this process: replica/nonce, River's client id
	handlers map[string]githubapp.EventHandler
	metrics  *metrics
	closed   atomic.Bool
	// retryAt remembers, per job id, the retry time the gate announced.
	retryAt sync.Map
	stop    context.CancelFunc
	loops   sync.WaitGroup
	stopped sync.Once
	clean   bool
	inserts chan insertReq
	changes changes // job state changes, for WaitIdle (idle.go)
}

// New builds the queue and its River client; Start runs it.
func New(o Options) (*Queue, error) {
	if o.Audit == nil {
		return nil, errors.New("a queue needs an audit logger: redeliveries and resumed evaluations are recorded")
	}
	if o.Workers < 1 {
		o.Workers = 4
	}
	if o.EvaluationTimeout <= 0 {
		o.EvaluationTimeout = 5 * time.Minute
	}
	if o.ReplicaTimeout <= 0 {
		o.ReplicaTimeout = time.Minute
	}
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	if o.CatchUpInterval <= 0 {
		o.CatchUpInterval = 5 * time.Minute
	}
	if o.Replica == "" {
		o.Replica = "gatehouse"
	}
	nonce := make([]byte, 4)
	_, _ = rand.Read(nonce)
	q := &Queue{o: o, db: o.DB, id: o.Replica + "/" + hex.EncodeToString(nonce), handlers: map[string]githubapp.EventHandler{},
		metrics: newMetrics(o.Registry, o.DB), inserts: make(chan insertReq)}
	for _, h := range o.Handlers {
		for _, ev := range h.Handles() {
			q.handlers[ev] = h
		}
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliveryWorker{q: q})
	river.AddWorker(workers, &catchUpWorker{q: q})
	// A job may run several evaluations (a check suite of many pull
	// requests, a wait for the pull request's lock): River's own timeout and
	// stuck-job rescue are a backstop far past one evaluation; the
	// heartbeat (replicas.go) is what resumes a dead process's work.
	jobTimeout := 4 * o.EvaluationTimeout
	cfg := &river.Config{
		ID:                          q.id,
		Logger:                      slog.New(slog.DiscardHandler),
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: o.Workers}},
		Workers:                     workers,
		JobTimeout:                  jobTimeout,
		RescueStuckJobsAfter:        jobTimeout + 10*time.Minute,
		MaxAttempts:                 len(o.Backoff) + 1,
		FetchCooldown:               20 * time.Millisecond,
		FetchPollInterval:           250 * time.Millisecond,
		CompletedJobRetentionPeriod: 72 * time.Hour, // dedupe covers GitHub's 3-day redelivery window
		ErrorHandler:                &errorHandler{q: q},
	}
	if o.CatchUp != nil {
		cfg.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(o.CatchUpInterval),
			func() (river.JobArgs, *river.InsertOpts) { return catchUpArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true, ID: "catch_up"})}
	}
	var err error
	if q.db.pool != nil {
		q.client, err = river.NewClient(riverpgxv5.New(q.db.pool), cfg)
	} else {
		q.client, err = river.NewClient(riversqlite.New(q.db.SQL), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("failed to build the job queue: %w", err)
	}
	go q.batchInserts()
	return q, nil
}

// Start announces this process, resumes what dead processes left running,
// and starts the workers and the background loops (heartbeat, rescue,
// gauges). It returns once the workers run.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.heartbeat(ctx); err != nil {
		return fmt.Errorf("failed to register this process in %s: %w", q.db.Where, err)
	}
	if _, err := q.rescue(ctx, true); err != nil {
		return fmt.Errorf("failed to resume interrupted jobs in %s: %w", q.db.Where, err)
	}
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	q.stop = cancel
	unsubscribe := q.subscribe()
	if err := q.client.Start(lctx); err != nil {
		unsubscribe()
		cancel()
		return fmt.Errorf("failed to start the job queue: %w", err)
	}
	q.loops.Add(1)
	go func() {
		defer q.loops.Done()
		q.background(lctx)
	}()
	return nil
}

// Stop stops intake at once and lets running jobs finish within timeout;
// past it their contexts are cancelled. Jobs not finished stay in the
// database for the next process or another replica. It reports whether
// every running job finished.
func (q *Queue) Stop(timeout time.Duration) bool {
	q.stopped.Do(func() { q.clean = q.stopNow(timeout) })
	return q.clean
}

func (q *Queue) stopNow(timeout time.Duration) bool {
	q.closed.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	clean := true
	if err := q.client.Stop(ctx); err != nil {
		clean = false
		hctx, hcancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = q.client.StopAndCancel(hctx)
		hcancel()
	}
	if q.stop != nil {
		q.stop()
	}
	q.loops.Wait()
	return clean
}

// Idle reports whether no job is waiting or running (automatic retries
// scheduled for later aside). Tests and load commands use it to know an
// evaluation was published.
func (q *Queue) Idle(ctx context.Context) (bool, error) {
	res, err := q.client.JobList(ctx, river.NewJobListParams().Kinds(deliveryArgs{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStatePending).First(100))
	if err != nil {
		return false, err
	}
	for _, j := range res.Jobs {
		if j.State != rivertype.JobStateAvailable || !j.ScheduledAt.After(time.Now()) {
			return false, nil
		}
	}
	return true, nil
}

// Ready reports whether the database answers and the backlog is within limit.
func (q *Queue) Ready(ctx context.Context, limit int) error {
	if err := q.db.Ping(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if n := q.metrics.available.Load(); limit > 0 && n > int64(limit) {
		return fmt.Errorf("queue saturated: %d deliveries waiting", n)
	}
	return nil
}

// Replica is the name this process uses in audit events.
func (q *Queue) Replica() string { return q.o.Replica }

// ID is this process's River client id (replica/nonce).
func (q *Queue) ID() string { return q.id }

var errClosed = errors.New("shutting down")

// errorHandler logs jobs that failed; River retries or discards them.
type errorHandler struct{ q *Queue }

func (h *errorHandler) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.q.o.Logger.Warn().Err(err).Int64("job", job.ID).Int("attempt", job.Attempt).Int("max_attempts", job.MaxAttempts).Msg("job failed; River retries it on schedule")
	return nil
}

func (h *errorHandler) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	h.q.o.Logger.Error().Int64("job", job.ID).Str("panic", fmt.Sprint(panicVal)).Str("stack", trace).Msg("job panicked")
	return nil
}
