package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet makes a flag set that prints nothing itself: help goes to
// stdout and a usage error is one line on stderr, both written by parseCommand.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseCommand parses a command's flags wherever they stand among its
// arguments (git's convention; "--" ends them) and returns the positional
// arguments. ok is false when the command must stop with code: after -h or
// --help (the help on stdout, 0) or a usage error (one line on stderr, 2).
func parseCommand(fs *flag.FlagSet, help string, args []string, stdout, stderr io.Writer) (positional []string, code int, ok bool) {
	positional, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		writeHelp(stdout, fs, help)
		return nil, 0, false
	}
	if err != nil {
		usageError(stderr, fs.Name(), err)
		return nil, 2, false
	}
	return positional, 0, true
}

// parseFlagsOnly is parseCommand for a command that takes no argument.
func parseFlagsOnly(fs *flag.FlagSet, help string, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	pos, code, ok := parseCommand(fs, help, args, stdout, stderr)
	if ok && len(pos) > 0 {
		usageError(stderr, fs.Name(), fmt.Errorf("unexpected argument %q", pos[0]))
		return 2, false
	}
	return code, ok
}

// parseInterspersed lets flags follow positional arguments: the standard
// flag package stops at the first one, and silently ignores what follows.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// usageError prints the one line a usage error gets, pointing at the help.
func usageError(stderr io.Writer, command string, err error) {
	fmt.Fprintf(stderr, "gatehouse %s: %s (gatehouse %s --help)\n", command, err, command)
}

// writeHelp prints a command's help text followed by its flags.
func writeHelp(w io.Writer, fs *flag.FlagSet, help string) {
	fmt.Fprint(w, help)
	var flags strings.Builder
	fs.SetOutput(&flags)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	if flags.Len() > 0 {
		fmt.Fprint(w, "\nflags:\n", flags.String())
	}
}
