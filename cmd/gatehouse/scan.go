package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/evaluation"
	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/report"
)

const scanUsage = `usage: gatehouse scan [flags] [DIR]

Runs the App's checks (secrets, dependencies, DLP) and its gate on a local git
repository (DIR, default: the current directory), before anything is pushed.

What is scanned, like a pull request from HEAD into the default branch:
  default      every commit in MERGE-BASE..HEAD, where MERGE-BASE is the merge
               base of HEAD with the default branch (origin/HEAD, else main,
               else master; with none, the whole history), and the final diff
  --staged     the index against HEAD, as one pseudo-commit (for pre-commit)

The policy is .security.yml as it is on the base branch (--all: the default
branch; the staged scan: HEAD), never the edited one, the same rule as the
App; with no file, the built-in defaults. The report says which policy was
used. An edit of .security.yml in the change is validated.

Exit status: 0 the gate would pass (or only InfoSec approval is missing, which
a developer cannot give themselves); 1 the gate would fail; 2 usage or input
error (not a repository, unknown revision, invalid policy), one line on
stderr; with --format sarif, stdout still holds a SARIF log with the error.

environment:
  GATEHOUSE_OSV_DIR      local OSV database, as --osv-dir
  GATEHOUSE_OSV_URL      OSV API (default https://api.osv.dev)
  GATEHOUSE_DEPSDEV_URL  deps.dev API for licences; "off" disables the look-ups
  NO_COLOR, TERM=dumb    no colours in the text report
`

// scanOptions are the parsed flags of gatehouse scan.
type scanOptions struct {
	dir      string
	base     string
	head     string
	staged   bool
	all      bool
	config   string
	format   string
	offline  bool
	osvDir   string
	noColor  bool
	progress bool
	quiet    bool
}

// scanEngines builds the checks a scan runs: the server's, so that a local
// scan judges exactly as the App does. Tests may wrap it.
var scanEngines = buildChecks

// scan is `gatehouse scan`; it returns the exit status.
func scan(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, code, ok := parseScanArgs(args, stdout, stderr)
	if !ok {
		return code
	}
	if getenv("GOGC") == "" {
		// A scan's live heap is small but churns through a history's
		// diffs: collecting at 50 % growth keeps its peak memory about
		// 12 % lower (gitleaks/gitleaks: 139 against 157 MB) for about
		// 4 % more CPU (bench/scan-real-history.sh).
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := runScan(ctx, o, stdout, stderr, getenv)
	if err != nil {
		if ctx.Err() != nil {
			err = errors.New("interrupted")
		}
		fmt.Fprintln(stderr, "gatehouse scan:", err)
		if o.format == "sarif" {
			if werr := report.WriteSARIFError(stdout, version, 2, err); werr != nil {
				fmt.Fprintln(stderr, "gatehouse scan: failed to write the SARIF log:", werr)
			}
		}
		return 2
	}
	return code
}

// parseScanArgs reads scan's flags, anywhere among its arguments; ok is false
// when the command must stop with code (after --help, or a usage error).
func parseScanArgs(args []string, stdout, stderr io.Writer) (o *scanOptions, code int, ok bool) {
	o = &scanOptions{}
	fs := newFlagSet("scan")
	fs.StringVar(&o.base, "base", "", "branch or commit the change would merge into (default: the default branch)")
	fs.StringVar(&o.head, "head", "", "tip of the change (default: HEAD)")
	fs.BoolVar(&o.staged, "staged", false, "scan the staged changes (the index against HEAD), for a pre-commit hook")
	fs.BoolVar(&o.all, "all", false, "scan every commit reachable from the head, from the root of history")
	fs.StringVar(&o.config, "config", "", "policy file to use instead of .security.yml on the base branch")
	fs.StringVar(&o.format, "format", "text", "report format: text, json or sarif")
	fs.BoolVar(&o.offline, "offline", false, "use no network: advisories come from --osv-dir (or GATEHOUSE_OSV_DIR) or are not checked")
	fs.StringVar(&o.osvDir, "osv-dir", "", "directory of OSV advisories (JSON records or per-ecosystem all.zip) to use instead of the OSV API")
	fs.BoolVar(&o.noColor, "no-color", false, "no colours in the text report (also: NO_COLOR=1)")
	fs.BoolVar(&o.progress, "progress", false, "report progress on stderr even when it is not a terminal")
	fs.BoolVar(&o.quiet, "quiet", false, "text format: print nothing when the gate passes with no finding (for hooks)")
	positional, code, ok := parseCommand(fs, scanUsage, args, stdout, stderr)
	if !ok {
		return nil, code, false
	}
	var err error
	switch len(positional) {
	case 0:
		o.dir = "."
	case 1:
		o.dir = positional[0]
	default:
		err = fmt.Errorf("one directory at most, got %q", positional)
	}
	switch o.format {
	case "text", "json", "sarif":
	default:
		err = fmt.Errorf("unknown --format %q: want text, json or sarif", o.format)
	}
	if err != nil {
		usageError(stderr, "scan", err)
		return nil, 2, false
	}
	return o, 0, true
}

// runScan returns the exit status of a scan that ran, or an input error.
func runScan(ctx context.Context, o *scanOptions, stdout, stderr io.Writer, getenv func(string) string) (int, error) {
	// Building the engines (compiling hundreds of rules) overlaps git's work.
	type built struct {
		engines []checks.Check
		err     error
	}
	cfg := scanServerConfig(o, getenv)
	ready := make(chan built, 1)
	go func() {
		e, err := scanEngines(cfg)
		ready <- built{e, err}
	}()
	repo, err := local.Open(ctx, o.dir)
	if err != nil {
		return 2, err
	}
	defer repo.Close()
	rg, err := repo.ResolveRange(ctx, local.RangeOptions{Base: o.base, Head: o.head, Staged: o.staged, All: o.all})
	if err != nil {
		return 2, err
	}
	pol, err := local.LoadPolicy(ctx, repo, rg, o.config)
	if err != nil {
		return 2, err
	}
	prog := newScanProgress(stderr, o.progress || scanIsTerminal(stderr))
	repo.SetProgress(prog.commits)
	cs, err := repo.ChangeSet(ctx, rg)
	if err != nil {
		return 2, err
	}
	b := <-ready
	if b.err != nil {
		return 2, fmt.Errorf("failed to build the checks: %w", b.err)
	}
	change := scanChange(cs, pol)
	in, err := evaluation.Assess(ctx, change, b.engines)
	prog.done()
	if err != nil {
		return 2, err
	}
	outcomes := in.Outcomes
	verdict := gate.Decide(in)
	pushed, err := repo.RemoteBranches(ctx, report.SecretCommits(outcomes, rg.HeadSHA))
	if err != nil {
		return 2, err
	}
	code := report.ExitCode(verdict)
	rr := scanReportRange(rg, cs)
	notes := report.Notes(report.Circumstances{
		Range: rr, RangeWhy: rg.Why, Shallow: !rg.Staged && repo.Shallow(ctx), PolicyMissing: pol.Missing,
		Offline: o.offline, OSVDir: cfg.OSVDir, Verdict: verdict,
	})
	rep := report.Build(report.Input{
		ToolVersion: version, Range: rr, PolicySource: pol.Source, PolicyProblems: report.PolicyProblems(in.PolicyChange, change.PolicyLabel()),
		Outcomes: outcomes, Verdict: verdict, ExitCode: code, Notes: notes, Pushed: pushed,
	})
	if o.quiet && o.format == "text" && verdict.Conclusion == checks.Success && len(rep.Findings) == 0 {
		return code, nil
	}
	if err := writeScanReport(stdout, rep, o, getenv); err != nil {
		return 2, fmt.Errorf("failed to write the report: %w", err)
	}
	if o.format != "text" {
		fmt.Fprintf(stderr, "gatehouse scan: %s: %s\n", strings.ToUpper(scanVerdictWord(verdict.Conclusion)), verdict.Title)
	}
	return code, nil
}

// scanServerConfig is the part of the server's configuration the engines
// read: the advisory and licence services, from the environment and flags.
func scanServerConfig(o *scanOptions, getenv func(string) string) *config.Server {
	cfg := config.DefaultServer()
	for key, dst := range map[string]*string{
		"GATEHOUSE_OSV_URL": &cfg.OSVURL, "GATEHOUSE_OSV_DIR": &cfg.OSVDir, "GATEHOUSE_DEPSDEV_URL": &cfg.DepsDevURL,
	} {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	if o.osvDir != "" {
		cfg.OSVDir = o.osvDir
	}
	if o.offline {
		cfg.DepsDevURL = "off"
		if cfg.OSVDir == "" {
			cfg.OSVURL = "off"
		}
	}
	return cfg
}

func scanReportRange(rg *local.Range, cs *checks.ChangeSet) report.Range {
	r := report.Range{
		Base: rg.BaseRef, BaseCommit: rg.MergeBase, Head: rg.HeadRef, HeadCommit: rg.HeadSHA,
		Staged: rg.Staged, Commits: len(cs.Commits), Files: len(cs.Files),
	}
	if rg.Staged {
		r.HeadCommit = ""
	}
	return r
}

func scanVerdictWord(c checks.Conclusion) string {
	switch c {
	case checks.Success:
		return "pass"
	case checks.ActionRequired:
		return "pass, InfoSec approval needed"
	}
	return "fail"
}

// scanChange is what the scan judges: the change set under its policy. The
// change's own edit of .security.yml is validated as the App does, except
// when that very file governs the scan.
func scanChange(cs *checks.ChangeSet, pol *local.Policy) evaluation.Change {
	c := evaluation.Change{Set: cs, Policy: pol.Policy, PolicySource: pol.Source, PolicyFromHead: pol.FromHead}
	if cs.HeadSHA == local.Staged {
		c.HeadLabel = "staged"
	}
	return c
}
