package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/signal"
	"syscall"

	"github.com/gatehouse-sec/gatehouse"
	"github.com/gatehouse-sec/gatehouse/appsetup"
)

const setupUsage = `usage: gatehouse setup --url https://PUBLIC-HOST [flags]

Registers the Gatehouse GitHub App from app.yml through GitHub's App manifest
flow: open the local page it prints, press its one button, confirm on GitHub.
The App's id, webhook secret and private key are written to --out (mode 0600)
and never printed. The page stops after a registration or after 60 minutes.

environment:
  GITHUB_WEB_URL     GitHub's web address (default https://github.com; GHES: https://HOST)
  GITHUB_V3_API_URL  GitHub's REST API (default https://api.github.com/; GHES: https://HOST/api/v3/,
                     derived from GITHUB_WEB_URL when unset)
`

func setup(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet("setup")
	publicURL := fs.String("url", "", "the server's public https `URL`; webhooks go to URL/api/github/hook (required)")
	org := fs.String("org", "", "register the App on organisation `ORG` (default: your personal account)")
	name := fs.String("name", "", "the App's `NAME`, unique on GitHub (default: app.yml's name)")
	listen := fs.String("listen", "127.0.0.1:3000", "`host:port` of the local page")
	out := fs.String("out", "", "`FILE` to write the credentials to (default gatehouse.env, gatehouse.yaml or gatehouse-secret.yaml by format)")
	format := fs.String("out-format", string(appsetup.FormatEnv), "env (for serve --env-file), yaml (for serve --config) or k8s-secret (a Kubernetes Secret keyed by the environment variables)")
	force := fs.Bool("force", false, "overwrite --out if it exists")
	if code, ok := parseFlagsOnly(fs, setupUsage, args, stdout, stderr); !ok {
		return code
	}
	f, err := appsetup.ParseFormat(*format)
	if err == nil && *publicURL == "" {
		err = errors.New("--url is required: the server's public https URL, like https://gatehouse.example.com")
	}
	if err == nil {
		err = appsetup.CheckPublicURL(*publicURL)
	}
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse setup:", err)
		return 2
	}
	if *out == "" {
		*out = f.DefaultFile()
	}
	web, api, err := appsetup.GitHubURLs(getenv)
	if err == nil {
		err = appsetup.CheckOutput(*out, *force)
	}
	spec, serr := appsetup.ParseAppSpec(gatehouse.AppManifest)
	if err == nil {
		err = serr
	}
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse setup:", err)
		return 1
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(stderr, "gatehouse setup: cannot listen:", err)
		return 1
	}
	flow := appsetup.NewFlow(appsetup.Options{
		Spec: spec, PublicURL: *publicURL, Org: *org, Name: *name, WebURL: web, APIURL: api,
		Out: *out, Format: f, Force: *force, Progress: stdout,
	}, l.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if _, err := flow.Run(ctx, l); err != nil {
		fmt.Fprintln(stderr, "gatehouse setup:", err)
		return 1
	}
	return 0
}
