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
		{"unknown key in file", good, "listen: ':9'\nworkerz: 3\n", `server.yml:2:1: workerz: unknown key "workerz" (did you mean "workers"?)`},
		{"a typo under github.app", good, "github:\n  app:\n    integration_id: 42\n    private_key_fil: /k.pem\n",
			`server.yml:4:5: github.app.private_key_fil: unknown key "private_key_fil" (did you mean "private_key_file"?)`},
		{"the key file at the top level, where it used to be", good, "private_key_file: /k.pem\n",
			`server.yml:1:1: private_key_file: unknown key "private_key_file" (it belongs under github.app: github.app.private_key_file)`},
		{"a word for a number", good, "workers: many\n", `server.yml:1:10: workers: wrong type: got a string "many", want a number`},
		{"a duration without a unit", good, "evaluation_timeout: soon\n", `server.yml:1:21: evaluation_timeout: wrong type: got a string "soon", want a duration such as 90s, 5m or 1h`},
		{"not YAML", good, "listen: [\n", "server.yml:1: YAML syntax error"},
		{"bad log format", with("GATEHOUSE_LOG_FORMAT", "xml"), "", `log format "xml" is not json or console`},
		{"bad log format in file", good, "log_format: text\n", `log format "text" is not json or console`},
		{"a webhook secret of whitespace", with("GITHUB_APP_WEBHOOK_SECRET", " \t "), "", "the webhook secret (GITHUB_APP_WEBHOOK_SECRET) is only whitespace"},
		{"a key with literal \\n escapes", with("GITHUB_APP_PRIVATE_KEY", strings.ReplaceAll(rsaPEM, "\n", `\n`)), "",
			`it holds literal \n escapes instead of line breaks`},
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
			if strings.Contains(err.Error(), "struct") || strings.Contains(err.Error(), "time.Duration") {
				t.Errorf("error names Go types: %v", err)
			}
		})
	}
}

// TestLoadServerFile loads the documented keys from a file, as the README
// and deploy/config.example.yml write them.
func TestLoadServerFile(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}), 0o600); err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../deploy/config.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, yaml string
		check      func(s *Server) bool
	}{
		{"github.app.private_key_file", "github:\n  app:\n    integration_id: 7\n    private_key_file: " + keyFile + "\nlog_format: console\n",
			func(s *Server) bool {
				return s.GitHub.App.IntegrationID == 7 && strings.Contains(s.GitHub.App.PrivateKey, "BEGIN RSA") && s.LogFormat == "console"
			}},
		{"deploy/config.example.yml", strings.ReplaceAll(string(example), "/etc/gatehouse/private-key.pem", keyFile),
			func(s *Server) bool {
				return s.GitHub.App.IntegrationID == 123456 && s.GitHub.App.PrivateKeyFile == keyFile && s.LogFormat == "json" && s.Workers == 4
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "config.yml")
			if err := os.WriteFile(file, []byte(tt.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"GITHUB_APP_WEBHOOK_SECRET": "s3cret-webhook"}
			s, err := LoadServer(file, func(k string) string { return env[k] })
			if err != nil {
				t.Fatalf("LoadServer: %v", err)
			}
			if !tt.check(s) {
				t.Errorf("unexpected config %+v", s)
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
