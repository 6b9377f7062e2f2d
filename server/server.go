// Package server assembles Gatehouse's webhook server: the GitHub client with
// its cache and retries, the event handlers behind the durable job queue,
// and the HTTP routes. It holds wiring and lifecycle, no evaluation logic.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/gregjones/httpcache"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/handlers"
	"github.com/gatehouse-sec/gatehouse/internal/httpx"
	"github.com/gatehouse-sec/gatehouse/notify"
	"github.com/gatehouse-sec/gatehouse/queue"
)

// Options are what the server is built from.
type Options struct {
	Config *config.Server
	// Checks are the engines to run (built by the caller from Config).
	Checks []checks.Check
	Logger zerolog.Logger
	// Registry receives the metrics (nil: a new registry, served on /metrics).
	Registry *prometheus.Registry
	// Retry overrides the GitHub retry policy (tests use short waits).
	Retry *httpx.RetryPolicy
	// Version is reported in the User-Agent.
	Version string
}

// Server is a ready-to-run Gatehouse webhook server.
type Server struct {
	cfg     *config.Server
	logger  zerolog.Logger
	handler http.Handler
	db      *queue.DB
	queue   *queue.Queue
	app     *github.App
	clients githubapp.ClientCreator

	readyMu      sync.Mutex
	lastGitHubOK time.Time

	audit     *audit.Logger
	notifier  *notify.Notifier
	closeOnce sync.Once
}

// New authenticates as the App (failing fast on a bad key or id), learns its
// slug so that it can ignore its own events, and builds the routes.
func New(ctx context.Context, o Options) (*Server, error) {
	cfg := o.Config
	retry := httpx.DefaultRetryPolicy
	if o.Retry != nil {
		retry = *o.Retry
	}
	var ghc githubapp.Config
	ghc.WebURL, ghc.V3APIURL, ghc.V4APIURL = cfg.GitHub.WebURL, cfg.GitHub.V3APIURL, cfg.GitHub.V4APIURL
	ghc.App.IntegrationID, ghc.App.WebhookSecret, ghc.App.PrivateKey = cfg.GitHub.App.IntegrationID, cfg.GitHub.App.WebhookSecret, cfg.GitHub.App.PrivateKey
	clients, err := githubapp.NewDefaultCachingClientCreator(ghc,
		githubapp.WithClientUserAgent("gatehouse/"+o.Version),
		githubapp.WithClientTimeout(60*time.Second),
		githubapp.WithClientCaching(true, func() httpcache.Cache { return httpx.NewHTTPCache(cfg.CacheBytes) }),
		githubapp.WithClientMiddleware(httpx.RetryMiddleware(retry)),
	)
	if err != nil {
		return nil, fmt.Errorf("failed to create GitHub clients: %w", err)
	}
	appClient, err := clients.NewAppClient()
	if err != nil {
		return nil, fmt.Errorf("refusing to start: cannot use the GitHub App key: %w", err)
	}
	actx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	app, _, err := appClient.Apps.Get(actx, "")
	if err != nil {
		return nil, authenticationError(cfg.GitHub.App.IntegrationID, cfg.GitHub.V3APIURL, err)
	}
	reg := o.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	replica := replicaName(cfg)
	auditLog, err := audit.New(cfg.AuditFile, audit.WithRegisterer(reg), audit.WithLogger(o.Logger), audit.WithReplica(replica))
	if err != nil {
		return nil, fmt.Errorf("refusing to start: the audit file cannot be used: %w", err)
	}
	db, err := OpenDatabase(ctx, cfg.DatabaseURL, cfg.Workers, o.Logger)
	if err != nil {
		_ = auditLog.Close()
		return nil, fmt.Errorf("refusing to start: %w", err)
	}
	notifier := notify.New(cfg.NotifyURL, notify.Options{Registerer: reg, Logger: o.Logger})
	s := &Server{cfg: cfg, logger: o.Logger, app: app, clients: clients, lastGitHubOK: time.Now(), audit: auditLog, notifier: notifier, db: db}
	eval, err := evaluation.NewEvaluator(evaluation.Options{
		Clients: clients, AppID: app.GetID(), Checks: o.Checks,
		Timeout: cfg.EvaluationTimeout, Metrics: evaluation.NewMetrics(reg), BotLogin: app.GetSlug() + "[bot]",
		Audit: auditLog, Notifier: notifier, Lock: db, Replicas: !db.SQLite(),
	})
	if err != nil {
		db.Close()
		_ = auditLog.Close()
		return nil, fmt.Errorf("refusing to start: %w", err)
	}
	base := &handlers.Base{Evaluator: eval, Clients: clients, BotLogin: app.GetSlug() + "[bot]", AppID: app.GetID()}
	eventHandlers := []githubapp.EventHandler{
		&handlers.PullRequest{Base: base}, &handlers.CheckSuite{Base: base}, &handlers.CheckRun{Base: base},
		&handlers.PullRequestReview{Base: base}, &handlers.IssueComment{Base: base},
	}
	s.queue, err = queue.New(queue.Options{DB: db, Handlers: eventHandlers, Workers: cfg.Workers, EvaluationTimeout: cfg.EvaluationTimeout,
		Replica: replica, ReplicaTimeout: cfg.ReplicaTimeout, Backoff: cfg.RetryBackoff,
		CatchUp: &queue.CatchUp{Clients: clients}, CatchUpInterval: cfg.CatchUpInterval,
		Registry: reg, Logger: o.Logger, Audit: auditLog})
	if err == nil {
		err = s.queue.Start(ctx)
	}
	if err != nil {
		db.Close()
		_ = auditLog.Close()
		return nil, fmt.Errorf("refusing to start: %w", err)
	}
	dispatcher := githubapp.NewEventDispatcher(eventHandlers, cfg.GitHub.App.WebhookSecret, githubapp.WithScheduler(s.queue))
	mux := http.NewServeMux()
	mux.Handle("/api/github/hook", &hookGuard{secret: []byte(cfg.GitHub.App.WebhookSecret), next: dispatcher, audit: auditLog})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("/readyz", s.readyz)
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	s.handler = withLogger(o.Logger, mux)
	o.Logger.Info().Str("app", app.GetSlug()).Int64("app_id", app.GetID()).Str("replica", replica).Str("process", s.queue.ID()).
		Str("database", db.Where).Msg("authenticated as GitHub App")
	return s, nil
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on l until ctx ends, then stops intake, answers what is in
// flight, and drains queued evaluations within the shutdown timeout.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.logger.Info().Dur("deadline", s.cfg.ShutdownTimeout).Msg("shutting down: intake stopped, finishing running evaluations")
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	s.queue.Refuse()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	clean := s.queue.Stop(time.Until(deadlineOf(sctx)))
	s.close()
	if !clean {
		s.logger.Warn().Msg("shutdown deadline reached with evaluations unfinished; they stay in the database and resume on the next start or on another replica")
		return errors.New("shutdown deadline reached before evaluations finished")
	}
	s.logger.Info().Msg("drained; bye")
	return nil
}

// Close stops the workers at once (running jobs stay in the database) and
// releases the database, notifier and audit file. Serve does it itself.
func (s *Server) Close() {
	s.queue.Stop(0)
	s.close()
}

// close flushes the notifier and closes the database and the audit file, once.
func (s *Server) close() { s.closeOnce.Do(s.closeNow) }

func (s *Server) closeNow() {
	s.db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.notifier.Close(ctx); err != nil {
		s.logger.Warn().Err(err).Msg("notifications not all delivered before shutdown")
	}
	if err := s.audit.Close(); err != nil {
		s.logger.Warn().Err(err).Msg("closing the audit file")
	}
}

func deadlineOf(ctx context.Context) time.Time {
	d, _ := ctx.Deadline()
	return d
}

// readyz answers 200 when the database answers, the backlog is below
// queue_size and GitHub answered recently.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	dctx, dcancel := context.WithTimeout(r.Context(), 5*time.Second)
	err := s.queue.Ready(dctx, s.cfg.QueueSize)
	dcancel()
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	s.readyMu.Lock()
	defer s.readyMu.Unlock()
	if time.Since(s.lastGitHubOK) > 30*time.Second {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		client, err := s.clients.NewAppClient()
		if err == nil {
			_, _, err = client.Apps.Get(ctx, "")
		}
		if err != nil {
			http.Error(w, "cannot reach GitHub", http.StatusServiceUnavailable)
			return
		}
		s.lastGitHubOK = time.Now()
	}
	_, _ = w.Write([]byte("ready\n"))
}

func withLogger(l zerolog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(l.WithContext(r.Context())))
	})
}

// WaitIdle waits until no delivery is waiting or being evaluated (automatic
// retries scheduled for later aside), up to timeout. Tests and load commands
// use it to know an evaluation has been published. It wakes only when one of
// this server's jobs changes state, never by polling.
func (s *Server) WaitIdle(timeout time.Duration) bool {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return s.queue.WaitIdle(ctx)
}

// replicaName is GATEHOUSE_REPLICA / replica, else the host name.
func replicaName(cfg *config.Server) string {
	if cfg.Replica != "" {
		return cfg.Replica
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "gatehouse"
}

// OpenDatabase opens and migrates the database that url names, for a
// process running workers evaluations at once, logging one line when a
// migration was applied.
func OpenDatabase(ctx context.Context, url string, workers int, logger zerolog.Logger) (*queue.DB, error) {
	db, err := queue.Open(ctx, url, workers)
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		logger.Info().Str("database", db.Where).Ints("river_versions", applied).Msg("database migrated")
	}
	return db, nil
}
