package notify

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"github token", "token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "token [redacted] leaked"},
		{"fine-grained pat", "github_pat_11ABCDEFG0123456789_abcdef", "[redacted]"},
		{"slack token", "xoxb-1234567890-abcdefghij", "[redacted]"},
		{"stripe key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "[redacted]"},
		{"aws key id", "id=AKIAIOSFODNN7EXAMPLE", "id=[redacted]"},
		{"password in URL", "https://bob:hunter2@db.internal/x", "https://[redacted]@db.internal/x"},
		{"long hex", "key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 end", "key [redacted] end"},
		{"long base64", "c2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZy1lbm91Z2g9", "[redacted]"},
		{"base64 with slashes", "AbCdEfGh1234567890/zYxWvUt0987654321+aB==", "[redacted]"},
		{"aws secret key shape", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "[redacted]"},
		{"java path is kept", "src/main/java/com/example/security/TokenService.java", "src/main/java/com/example/security/TokenService.java"},
		{"masked preview is kept", "GitHub token ghp_…(40 chars) in a.yml:3", "GitHub token ghp_…(40 chars) in a.yml:3"},
		{"long path of words is kept", "touched .github/workflows/release-and-publish/deploy-production.yml", "touched .github/workflows/release-and-publish/deploy-production.yml"},
		{"path with short numbered segments is kept", "deploy/k8s/secrets/prod-2024/credentials.yaml", "deploy/k8s/secrets/prod-2024/credentials.yaml"},
		{"long identifier of words is kept", "AbstractSingletonProxyFactoryBeanProvider", "AbstractSingletonProxyFactoryBeanProvider"},
		{"short values are kept", "rule aws-access-token, fingerprint aws:1a2b3c4d5e6f7a8b", "rule aws-access-token, fingerprint aws:1a2b3c4d5e6f7a8b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactCredentialsKeepsCommitSHAs(t *testing.T) {
	in := "approval on 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b by ghp_abcdefghijklmnopqrstuvwxyz0123456789"
	want := "approval on 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b by [redacted]"
	if got := RedactCredentials(in); got != want {
		t.Errorf("RedactCredentials = %q, want %q", got, want)
	}
}

func TestSecretsAndMentionsNeverReachTheSink(t *testing.T) {
	secrets := []string{
		"ghp_abcdefghijklmnopqrstuvwxyz0123456789",
		"AKIAIOSFODNN7EXAMPLE",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
	s := newSink(t)
	n, _, logs := testNotifier(t, s.srv.URL, Options{})
	e := sampleEvent()
	e.What = "caller forgot to mask: " + strings.Join(secrets, " ") + " <!channel> " + strings.Repeat("x", 2000)
	e.Actor = "<!here>"
	n.Notify(context.Background(), e)
	closeWithin(t, n, 5*time.Second)
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("sink got %d requests", len(reqs))
	}
	body := string(reqs[0].body)
	for _, sec := range secrets {
		if strings.Contains(body, sec) || strings.Contains(logs.String(), sec) {
			t.Errorf("%s reached the sink or the log", sec)
		}
	}
	if strings.Contains(body, "<!channel>") || strings.Contains(body, "<!here>") {
		t.Errorf("an unescaped mention reached the sink: %s", body)
	}
	if len(body) > 2*(maxWhat+400) {
		t.Errorf("What was not capped: body is %d bytes", len(body))
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"-1", 0},
		{"soon", 0},
		{now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseRetryAfter(tt.in, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
