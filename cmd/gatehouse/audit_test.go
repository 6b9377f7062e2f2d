package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// auditFile writes a three-record audit file and returns its path.
func auditFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := audit.New(path, audit.WithLogger(zerolog.Nop()))
	if err != nil {
		t.Fatal(err)
	}
	for _, actor := range []string{"alice", "bob", "carol"} {
		l.Record(context.Background(), audit.Event{Kind: audit.KindVerdict, Repo: "acme/app", PR: 1, Actor: actor, Outcome: "success"})
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func replaceInFile(t *testing.T, path, old, repl string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(repl), 1), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAuditVerify(t *testing.T) {
	tests := []struct {
		name       string
		args       func(path string) []string
		tamper     func(t *testing.T, path string)
		wantCode   int
		wantStdout string // with {file} standing for the path
		wantStderr string
	}{
		{"intact", func(p string) []string { return []string{"verify", p} }, nil, 0,
			"{file}: 3 records, chain intact\n", ""},
		{"edited record", func(p string) []string { return []string{"verify", p} },
			func(t *testing.T, p string) { replaceInFile(t, p, "bob", "eve") }, 1,
			"", "{file}:2: record seq 2 was edited: its hash no longer matches the prev link of seq 3 at line 3\n"},
		{"edited last record", func(p string) []string { return []string{"verify", p} },
			func(t *testing.T, p string) { replaceInFile(t, p, "carol", "eve") }, 1,
			"", "{file}:3: record seq 3 was edited: it no longer matches the hash in the head file\n"},
		{"no head file", func(p string) []string { return []string{"verify", p} },
			func(t *testing.T, p string) {
				if err := os.Remove(p + audit.HeadSuffix); err != nil {
					t.Fatal(err)
				}
			}, 0,
			"{file}: 3 records, chain intact\n", "cannot be detected"},
		{"garbled head file", func(p string) []string { return []string{"verify", p} },
			func(t *testing.T, p string) {
				if err := os.WriteFile(p+audit.HeadSuffix, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}, 1,
			"", "{file}.head: head file was edited: it does not hold a valid seq and hash\n"},
		{"missing file", func(p string) []string { return []string{"verify", p + ".nope"} }, nil, 2, "", "failed to open audit file"},
		{"no file argument", func(string) []string { return []string{"verify"} }, nil, 2, "", "gatehouse audit verify: want one FILE"},
		{"unknown subcommand", func(p string) []string { return []string{"seal", p} }, nil, 2, "", `unknown subcommand "seal"`},
		{"no subcommand", func(string) []string { return nil }, nil, 2, "", "want a subcommand: verify FILE"},
		{"verify --help", func(string) []string { return []string{"verify", "--help"} }, nil, 0, "usage: gatehouse audit verify FILE", ""},
		{"help", func(string) []string { return []string{"--help"} }, nil, 0, "usage: gatehouse audit verify FILE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := auditFile(t)
			if tt.tamper != nil {
				tt.tamper(t, path)
			}
			var stdout, stderr bytes.Buffer
			code := auditCmd(tt.args(path), &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			wantOut := strings.ReplaceAll(tt.wantStdout, "{file}", path)
			if !strings.Contains(stdout.String(), wantOut) || (wantOut == "" && stdout.Len() > 0) {
				t.Errorf("stdout = %q, want %q", stdout.String(), wantOut)
			}
			wantErr := strings.ReplaceAll(tt.wantStderr, "{file}", path)
			if !strings.Contains(stderr.String(), wantErr) || (wantErr == "" && stderr.Len() > 0) {
				t.Errorf("stderr = %q, want %q", stderr.String(), wantErr)
			}
		})
	}
}
