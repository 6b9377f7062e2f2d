package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetupUsage(t *testing.T) {
	existing := filepath.Join(t.TempDir(), "gatehouse.env")
	if err := os.WriteFile(existing, []byte("# another App\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		args       []string
		env        map[string]string
		wantCode   int
		wantStdout []string
		wantStderr string
	}{
		{name: "help", args: []string{"--help"}, wantCode: 0,
			wantStdout: []string{"--url", "--org", "--name", "--listen", "--out", "--out-format", "--force", "GITHUB_WEB_URL", "GITHUB_V3_API_URL"}},
		{name: "no url", args: nil, wantCode: 2, wantStderr: "gatehouse setup: --url is required"},
		{name: "http url", args: []string{"--url", "http://gatehouse.example.com"}, wantCode: 2, wantStderr: "--url must be the server's public https URL"},
		{name: "unknown flag", args: []string{"--url", "https://x", "--orgs", "a"}, wantCode: 2, wantStderr: "flag provided but not defined: -orgs"},
		{name: "bad format", args: []string{"--url", "https://x", "--out-format", "json"}, wantCode: 2, wantStderr: `unknown output format "json"`},
		{name: "extra argument", args: []string{"--url", "https://x", "octo-org"}, wantCode: 2, wantStderr: `unexpected argument "octo-org"`},
		{name: "existing output", args: []string{"--url", "https://x", "--out", existing, "--listen", "127.0.0.1:0"}, wantCode: 1,
			wantStderr: existing + " already exists; move it away or pass --force"},
		{name: "bad GHES URL", args: []string{"--url", "https://x"}, env: map[string]string{"GITHUB_WEB_URL": "ghe.example.com"}, wantCode: 1,
			wantStderr: "GITHUB_WEB_URL is not an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"setup"}, tc.args...), &stdout, &stderr, func(k string) string { return tc.env[k] })
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.wantCode, stderr.String())
			}
			for _, w := range tc.wantStdout {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			if tc.wantStderr != "" {
				if !strings.Contains(stderr.String(), tc.wantStderr) || strings.Count(stderr.String(), "\n") != 1 {
					t.Errorf("stderr %q, want one line with %q", stderr.String(), tc.wantStderr)
				}
			} else if stderr.Len() > 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
		})
	}
}

func TestServeEnvFileRefusals(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open.env")
	if err := os.WriteFile(open, []byte("GITHUB_APP_INTEGRATION_ID=1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, file, want string }{
		{"missing", filepath.Join(dir, "missing.env"), "failed to read the env file"},
		{"readable by others", open, "chmod 600 " + open},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"serve", "--env-file", tc.file}, &stdout, &stderr, func(string) string { return "" })
			if code != 1 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr.String(), tc.want)
			}
		})
	}
}
