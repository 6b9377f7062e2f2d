package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/internal/httpx"
	"github.com/gatehouse-sec/gatehouse/server"
)

const serveUsage = `usage: gatehouse serve [--config FILE] [--env-file FILE]

Runs the GitHub App webhook server. It refuses to start, with a one-line
reason, when the webhook secret, the App id or its private key is missing or
unusable, and authenticates as the App (GET /app) before it listens.

--env-file FILE reads KEY=VALUE lines (as gatehouse setup writes them) for
the variables below; the file must be readable by its owner only.

environment (wins over --env-file and the config file; see the README's Server configuration):
  GITHUB_APP_INTEGRATION_ID      the App's id (github.app.integration_id)
  GITHUB_APP_WEBHOOK_SECRET      webhook secret, required (github.app.webhook_secret)
  GITHUB_APP_PRIVATE_KEY         the App's PEM key (github.app.private_key)
  GITHUB_APP_PRIVATE_KEY_FILE    file holding it (github.app.private_key_file)
  GITHUB_WEB_URL, GITHUB_V3_API_URL   GitHub Enterprise Server: https://HOST, https://HOST/api/v3/
  GATEHOUSE_LISTEN               listen address (listen), default :8080
  GATEHOUSE_OSV_URL, GATEHOUSE_OSV_DIR, GATEHOUSE_DEPSDEV_URL   advisory and licence services
  GATEHOUSE_NOTIFY_URL           Slack-compatible webhook for InfoSec notifications
  GATEHOUSE_AUDIT_FILE           hash-chained audit file
  GATEHOUSE_LOG_LEVEL            debug, info (default), warn, error
  GATEHOUSE_LOG_FORMAT           json (default) or console
  GATEHOUSE_DATABASE_URL         where deliveries and jobs are kept: sqlite://PATH (default
                                 sqlite://gatehouse.db) or postgres://USER:PASS@HOST/DB (replicas)
  GATEHOUSE_REPLICA              this process's name in audit events (default the host name)
`

// serveRetry, when set, replaces the GitHub retry policy: tests of a
// refused start need no backoff.
var serveRetry *httpx.RetryPolicy

func serve(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("serve")
	file := fs.String("config", "", "server config file (YAML); the environment overrides it")
	envFile := fs.String("env-file", "", "KEY=VALUE file (gatehouse setup writes one); the environment overrides it")
	if code, ok := parseFlagsOnly(fs, serveUsage, args, stdout, stderr); !ok {
		return code
	}
	if *envFile != "" {
		vals, err := config.ReadEnvFile(*envFile)
		if err != nil {
			fmt.Fprintln(stderr, "gatehouse:", err)
			return 1
		}
		getenv = config.WithEnvFile(vals, getenv)
	}
	cfg, err := config.LoadServer(*file, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse:", err)
		return 1
	}
	logger := newLogger(cfg, os.Stdout)
	engines, err := buildChecks(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse: refusing to start:", err)
		return 1
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	srv, err := server.New(ctx, server.Options{Config: cfg, Checks: engines, Logger: logger, Registry: reg, Version: version, Retry: serveRetry})
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse:", err)
		return 1
	}
	l, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse: cannot listen:", err)
		return 1
	}
	logger.Info().Str("listen", l.Addr().String()).Str("version", version).Msg("gatehouse serving")
	if err := srv.Serve(ctx, l); err != nil {
		logger.Error().Err(err).Msg("server stopped")
		return 1
	}
	return 0
}

func newLogger(cfg *config.Server, w io.Writer) zerolog.Logger {
	level, err := zerolog.ParseLevel(cfg.LogLevel)
	if err != nil {
		level = zerolog.InfoLevel
	}
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: w}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}
