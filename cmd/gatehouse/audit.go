package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/gatehouse-sec/gatehouse/audit"
)

const auditUsage = `usage: gatehouse audit verify FILE

Checks the hash chain of an audit file written by gatehouse serve, and its
head file FILE.head when present. Exit 0: chain intact; 1: the first
edited, removed, inserted or reordered record is reported; 2: usage error
or unreadable file.
`

// auditCmd runs `gatehouse audit verify FILE`.
func auditCmd(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		usageError(stderr, "audit", errors.New("want a subcommand: verify FILE"))
		return 2
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help":
		fmt.Fprint(stdout, auditUsage)
		return 0
	case args[0] != "verify":
		usageError(stderr, "audit", fmt.Errorf("unknown subcommand %q: want verify FILE", args[0]))
		return 2
	}
	pos, code, ok := parseCommand(newFlagSet("audit verify"), auditUsage, args[1:], stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		usageError(stderr, "audit verify", fmt.Errorf("want one FILE, got %d arguments", len(pos)))
		return 2
	}
	file := pos[0]
	records, err := audit.VerifyFile(file)
	var te *audit.TamperError
	switch {
	case errors.As(err, &te) && te.Line == 0:
		fmt.Fprintf(stderr, "%s%s: %s\n", file, audit.HeadSuffix, te)
		return 1
	case errors.As(err, &te):
		fmt.Fprintf(stderr, "%s:%d: record seq %d was %s: %s\n", file, te.Line, te.Seq, te.Kind, te.Why)
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "gatehouse:", err)
		return 2
	}
	fmt.Fprintf(stdout, "%s: %d records, chain intact\n", file, records)
	if _, err := os.Stat(file + audit.HeadSuffix); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "%s: no head file %s: an edit of the last record, or records cut from the end, cannot be detected\n",
			file, file+audit.HeadSuffix)
	}
	return 0
}
