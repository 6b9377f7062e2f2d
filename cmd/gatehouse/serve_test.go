package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/internal/httpx"
)

// TestServeRefusesToStart checks that each refusal says what is wrong, on
// one line, before anything listens.
func TestServeRefusesToStart(t *testing.T) {
	serveRetry = &httpx.RetryPolicy{Attempts: 1}
	t.Cleanup(func() { serveRetry = nil })
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	unreachable := "http://" + l.Addr().String() + "/"
	l.Close()
	env := func(k, v string) map[string]string {
		m := map[string]string{
			"GITHUB_APP_INTEGRATION_ID": "42", "GITHUB_APP_WEBHOOK_SECRET": "s3cret", "GITHUB_APP_PRIVATE_KEY": keyPEM,
			"GITHUB_V3_API_URL": unreachable, "GATEHOUSE_LISTEN": "127.0.0.1:0", "GATEHOUSE_OSV_URL": "off", "GATEHOUSE_DEPSDEV_URL": "off",
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		notWant string
	}{
		{"GitHub unreachable", env("", ""), "GitHub is unreachable at " + unreachable, "wrong id or key"},
		{"a webhook secret of whitespace", env("GITHUB_APP_WEBHOOK_SECRET", "  \n"), "the webhook secret (GITHUB_APP_WEBHOOK_SECRET) is only whitespace", ""},
		{"a key with literal \\n escapes", env("GITHUB_APP_PRIVATE_KEY", strings.ReplaceAll(keyPEM, "\n", `\n`)), `literal \n escapes instead of line breaks`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb strings.Builder
			code := serve(nil, &out, &errb, func(k string) string { return tt.env[k] })
			if code != 1 || !strings.Contains(errb.String(), tt.want) || (tt.notWant != "" && strings.Contains(errb.String(), tt.notWant)) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errb.String(), tt.want)
			}
			if strings.Count(errb.String(), "\n") != 1 || strings.Contains(errb.String(), "BEGIN") {
				t.Errorf("want one line and no key material: %q", errb.String())
			}
		})
	}
}
