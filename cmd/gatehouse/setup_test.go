package main

import (
	"bufio"
	"bytes"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/githubtest"
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
			wantStdout: []string{"--url", "-org ORG", "-name NAME", "-listen host:port", "-out FILE", "-out-format", "-force", "GITHUB_WEB_URL", "GITHUB_V3_API_URL"}},
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

// TestSetupCommand runs `gatehouse setup` as a user does, with a fake GitHub
// Enterprise Server: the printed page, GitHub's form and redirect, then the
// k8s-secret file and the next steps on the terminal, exit 0.
func TestSetupCommand(t *testing.T) {
	gh := githubtest.New(t)
	out := filepath.Join(t.TempDir(), "secret.yaml")
	env := map[string]string{"GITHUB_WEB_URL": gh.WebURL()}
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"setup", "--url", "https://gatehouse.example.com", "--org", "octo-org", "--name", "Acme Gate",
			"--listen", "127.0.0.1:0", "--out", out, "--out-format", "k8s-secret"}, pw, &stderr, func(k string) string { return env[k] })
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var terminal strings.Builder
	page := ""
	for page == "" && sc.Scan() {
		terminal.WriteString(sc.Text() + "\n")
		if _, rest, ok := strings.Cut(sc.Text(), "Open "); ok {
			page, _, _ = strings.Cut(rest, " ")
		}
	}
	if page == "" {
		t.Fatalf("setup printed no page address: %q %q", terminal.String(), stderr.String())
	}
	callback := walkManifestFlow(t, gh, page)
	resp, err := http.Get(callback)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for sc.Scan() {
		terminal.WriteString(sc.Text() + "\n")
	}
	if c := <-code; c != 0 || resp.StatusCode != http.StatusOK {
		t.Fatalf("exit %d, callback %d, stderr %q", c, resp.StatusCode, stderr.String())
	}
	apps := gh.RegisteredApps()
	if len(apps) != 1 || apps[0].Slug != "acme-gate" || apps[0].Owner != "octo-org" {
		t.Fatalf("registered %+v", apps)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "kind: Secret") || !strings.Contains(string(b), apps[0].WebhookSecret) ||
		!strings.Contains(string(b), "GITHUB_V3_API_URL: "+gh.EnterpriseURL()) {
		t.Errorf("the Secret:\n%s", b)
	}
	for _, want := range []string{gh.WebURL() + "/apps/acme-gate/installations/new", "kubectl apply -f " + out} {
		if !strings.Contains(terminal.String(), want) {
			t.Errorf("the terminal lacks %q:\n%s", want, terminal.String())
		}
	}
	if strings.Contains(terminal.String(), apps[0].WebhookSecret) || strings.Contains(terminal.String(), "PRIVATE KEY") {
		t.Errorf("the terminal shows a secret:\n%s", terminal.String())
	}
}

// walkManifestFlow does the browser's part: load the page and submit its
// manifest on GitHub's form; it answers the callback URL GitHub redirects to.
func walkManifestFlow(t *testing.T, gh *githubtest.Server, page string) string {
	t.Helper()
	resp, err := http.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	field := func(re string) string {
		m := regexp.MustCompile(re).FindSubmatch(b)
		if m == nil {
			t.Fatalf("no %s in:\n%s", re, b)
		}
		return html.UnescapeString(string(m[1]))
	}
	return gh.SubmitManifest(t, field(`action="([^"]+)"`), field(`name="manifest" value="([^"]+)"`))
}
