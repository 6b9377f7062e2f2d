package main

import (
	"context"
	"flag"
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
	"github.com/gatehouse-sec/gatehouse/server"
)

func serve(args []string, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("config", "", "server config file (YAML); the environment overrides it")
	envFile := fs.String("env-file", "", "KEY=VALUE file (gatehouse setup writes one); the environment overrides it")
	if err := fs.Parse(args); err != nil {
		return 2
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
	srv, err := server.New(ctx, server.Options{Config: cfg, Checks: engines, Logger: logger, Registry: reg, Version: version})
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
