// Command gatehouse is the Gatehouse GitHub App server and its local twin.
//
//	gatehouse serve [--config FILE]
//	gatehouse scan [--base REF] [--head REF] [--staged] [--config FILE] [--format text|json|sarif] [DIR]
//	gatehouse check-config [--print-effective] [FILE]
//	gatehouse audit verify FILE
//	gatehouse migrate [--config FILE]
//	gatehouse version
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `usage: gatehouse <command> [flags]

commands:
  serve          run the GitHub App webhook server
  scan           run the same checks on a local git range (pre-commit, CI)
  check-config   validate a .security.yml (default: ./.security.yml)
  audit verify   check a hash-chained audit file for tampering
  migrate        create or update the database's tables (serve does it at start)
  version        print the version
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run dispatches a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr, getenv)
	case "scan":
		return scan(args[1:], stdout, stderr, getenv)
	case "check-config":
		return checkConfig(args[1:], stdout, stderr)
	case "audit":
		return auditCmd(args[1:], stdout, stderr)
	case "migrate":
		return migrate(args[1:], stdout, stderr, getenv)
	case "version", "--version":
		fmt.Fprintln(stdout, "gatehouse", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gatehouse: unknown command %q\n%s", args[0], usage)
	return 2
}
