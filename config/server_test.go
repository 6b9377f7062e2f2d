package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadServer(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	rsaPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}))
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}))
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(keyFile, []byte(rsaPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	good := map[string]string{"GITHUB_APP_WEBHOOK_SECRET": "s3cret-webhook", "GITHUB_APP_INTEGRATION_ID": "42", "GITHUB_APP_PRIVATE_KEY": rsaPEM}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range good {
			m[a] = b
		}
		m[k] = v
		return m
	}
	cases := []struct {
		name    string
		env     map[string]string
		file    string
		wantErr string
	}{
		{"valid", good, "", ""},
		{"key from file", with("GITHUB_APP_PRIVATE_KEY_FILE", keyFile), "", ""},
		{"no secret", with("GITHUB_APP_WEBHOOK_SECRET", ""), "", "no webhook secret"},
		{"no app id", with("GITHUB_APP_INTEGRATION_ID", ""), "", "no GitHub App id"},
		{"bad app id", with("GITHUB_APP_INTEGRATION_ID", "abc"), "", "not a number"},
		{"no key", with("GITHUB_APP_PRIVATE_KEY", ""), "", "no GitHub App private key"},
		{"garbage key", with("GITHUB_APP_PRIVATE_KEY", "not a key"), "", "not PEM"},
		{"EC key", with("GITHUB_APP_PRIVATE_KEY", ecPEM), "", "not an RSA private key"},
		{"bad log level", with("GATEHOUSE_LOG_LEVEL", "loud"), "", "log level"},
		{"unknown key in file", good, "listen: ':9'\nworkerz: 3\n", "field workerz not found"},
		{"a database that is neither SQLite nor Postgres", with("GATEHOUSE_DATABASE_URL", "mysql://db/gatehouse"), "", "must be sqlite://PATH or postgres://"},
		{"Postgres with replica settings", with("GATEHOUSE_DATABASE_URL", "postgres://gatehouse@db/gatehouse"), "replica_timeout: 30s\ncatch_up_interval: 2m\nretry_backoff: [10s, 1m]\n", ""},
		{"a retry wait that is not positive", good, "retry_backoff: [1m, -1s]\n", "retry_backoff has a wait of -1s"},
		{"a replica timeout under a second", good, "replica_timeout: 10ms\n", "must be at least 1s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.env["GITHUB_APP_PRIVATE_KEY_FILE"] != "" {
				c.env["GITHUB_APP_PRIVATE_KEY"] = ""
			}
			file := ""
			if c.file != "" {
				file = filepath.Join(t.TempDir(), "server.yml")
				if err := os.WriteFile(file, []byte(c.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s, err := LoadServer(file, func(k string) string { return c.env[k] })
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("LoadServer: %v", err)
				}
				if s.GitHub.App.IntegrationID != 42 || s.Listen != ":8080" || !strings.HasSuffix(s.GitHub.V3APIURL, "/") {
					t.Errorf("unexpected config %+v", s)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want %q", err, c.wantErr)
			}
			if strings.Contains(err.Error(), "BEGIN") || strings.Contains(err.Error(), "s3cret-webhook") {
				t.Errorf("error echoes a secret: %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

// TestExampleServerConfigLoads keeps deploy/config.example.yml valid.
func TestExampleServerConfigLoads(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	env := map[string]string{"GITHUB_APP_WEBHOOK_SECRET": "s3cret-webhook", "GITHUB_APP_PRIVATE_KEY": keyPEM}
	s, err := LoadServer("../deploy/config.example.yml", func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("the example config does not load: %v", err)
	}
	if s.DatabaseURL != "sqlite:///var/lib/gatehouse/gatehouse.db" || len(s.RetryBackoff) != 5 {
		t.Errorf("example config read as database %q, backoff %v", s.DatabaseURL, s.RetryBackoff)
	}
}
