package main

import (
	"bytes"
	"strings"
	"testing"
)

// runGatehouse runs the command line args with an empty environment.
func runGatehouse(args ...string) scanResult {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb, func(string) string { return "" })
	return scanResult{code, out.String(), errb.String()}
}

func TestHelpGoesToStdout(t *testing.T) {
	tests := []struct {
		args []string
		want []string // on stdout: the synopsis, the arguments, the environment
	}{
		{[]string{"scan", "--help"}, []string{"usage: gatehouse scan [flags] [DIR]", "--staged", "GATEHOUSE_OSV_DIR", "NO_COLOR"}},
		{[]string{"scan", "-h"}, []string{"usage: gatehouse scan"}},
		{[]string{"scan", ".", "--help"}, []string{"usage: gatehouse scan"}},
		{[]string{"check-config", "--help"}, []string{"usage: gatehouse check-config [--print-effective] [FILE...]", "--print-effective", "git rev-parse --show-toplevel"}},
		{[]string{"serve", "--help"}, []string{"usage: gatehouse serve [--config FILE]", "GITHUB_APP_WEBHOOK_SECRET", "GITHUB_APP_PRIVATE_KEY_FILE", "GATEHOUSE_LOG_LEVEL", "--config"}},
		{[]string{"audit", "verify", "--help"}, []string{"usage: gatehouse audit verify FILE", "FILE.head"}},
		{[]string{"audit", "--help"}, []string{"usage: gatehouse audit verify FILE"}},
		{[]string{"audit", "-h"}, []string{"usage: gatehouse audit verify FILE"}},
		{[]string{"version", "--help"}, []string{"usage: gatehouse version", "build information"}},
		{[]string{"--help"}, []string{"usage: gatehouse <command>", "check-config"}},
		{[]string{"help"}, []string{"usage: gatehouse <command>"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runGatehouse(tt.args...)
			if r.code != 0 || r.stderr != "" {
				t.Errorf("exit %d, stderr %q; want 0 and nothing on stderr", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("the help lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	tests := []struct {
		args []string
		want string // on stderr
	}{
		{[]string{"scan", "--bogus"}, "gatehouse scan: flag provided but not defined: -bogus (gatehouse scan --help)"},
		{[]string{"scan", "--format"}, "flag needs an argument: -format"},
		{[]string{"check-config", "--bogus"}, "gatehouse check-config: flag provided but not defined: -bogus"},
		{[]string{"serve", "--bogus"}, "gatehouse serve: flag provided but not defined: -bogus"},
		{[]string{"serve", "extra"}, "gatehouse serve: unexpected argument \"extra\""},
		{[]string{"audit"}, "gatehouse audit: want a subcommand: verify FILE"},
		{[]string{"audit", "check", "x"}, "gatehouse audit: unknown subcommand \"check\""},
		{[]string{"audit", "verify"}, "gatehouse audit verify: want one FILE"},
		{[]string{"audit", "verify", "a", "b"}, "gatehouse audit verify: want one FILE"},
		{[]string{"audit", "verify", "--bogus", "a"}, "flag provided but not defined: -bogus"},
		{[]string{"version", "--short"}, "gatehouse version: flag provided but not defined: -short"},
		{nil, "gatehouse: want a command: serve, setup, scan, check-config, audit verify, migrate or version"},
		{[]string{"nope"}, "gatehouse: unknown command \"nope\" (gatehouse --help lists the commands)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runGatehouse(tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want %q", r.stderr, tt.want)
			}
			if strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("a usage error must be one line, got:\n%s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}
}
