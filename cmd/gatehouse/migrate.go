package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/server"
)

// migrate brings the database's tables up to date and exits, for operators
// who migrate before rolling out (serve migrates at start anyway).
func migrate(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("config", "", "server config file (YAML): its database_url; GATEHOUSE_DATABASE_URL overrides it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	url, err := config.LoadDatabaseURL(*file, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	logger := zerolog.New(stdout).With().Timestamp().Logger()
	db, err := server.OpenDatabase(ctx, url, 1, logger)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse: migrate:", err)
		return 1
	}
	defer db.Close()
	fmt.Fprintln(stdout, "database", db.Where, "is up to date")
	return 0
}
