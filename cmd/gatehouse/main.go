// Command gatehouse is the Gatehouse GitHub App server and its local twin.
//
//	gatehouse serve [--config FILE] [--env-file FILE]
//	gatehouse setup --url https://PUBLIC-HOST [--org ORG] [--out FILE] [--out-format env|yaml|k8s-secret]
//	gatehouse scan [--base REF] [--head REF] [--staged] [--config FILE] [--format text|json|sarif] [DIR]
//	gatehouse check-config [--print-effective] [FILE...]
//	gatehouse audit verify FILE
//	gatehouse migrate [--config FILE]
//	gatehouse version
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: gatehouse <command> [flags]

commands:
  serve          run the GitHub App webhook server
  setup          register the GitHub App from app.yml (GitHub's manifest flow)
  scan           run the same checks on a local git range (pre-commit, CI)
  check-config   validate .security.yml files (default: the repository's)
  audit verify   check a hash-chained audit file for tampering
  migrate        create or update the database's tables (serve does it at start)
  version        print the version and build information

Run gatehouse <command> --help for a command's arguments, flags and environment.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run dispatches a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "gatehouse: want a command: serve, setup, scan, check-config, audit verify, migrate or version (gatehouse --help)")
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr, getenv)
	case "setup":
		return setup(args[1:], stdout, stderr, getenv)
	case "scan":
		return scan(args[1:], stdout, stderr, getenv)
	case "check-config":
		return checkConfig(args[1:], stdout, stderr)
	case "audit":
		return auditCmd(args[1:], stdout, stderr)
	case "migrate":
		return migrate(args[1:], stdout, stderr, getenv)
	case "version", "--version":
		return versionCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gatehouse: unknown command %q (gatehouse --help lists the commands)\n", args[0])
	return 2
}
