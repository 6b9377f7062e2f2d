package config

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Server is the webhook server's own configuration (gatehouse serve --config).
type Server struct {
	// Listen is the address to listen on (GATEHOUSE_LISTEN), default ":8080".
	Listen string       `yaml:"listen"`
	GitHub GitHubConfig `yaml:"github"`
	// Workers evaluate deliveries; QueueSize deliveries may wait for them.
	// A full queue answers 503 so that GitHub records the delivery as failed.
	Workers   int `yaml:"workers"`
	QueueSize int `yaml:"queue_size"`
	// EvaluationTimeout bounds one evaluation; ShutdownTimeout bounds the drain on SIGTERM.
	EvaluationTimeout time.Duration `yaml:"evaluation_timeout"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout"`
	// CacheBytes bounds the HTTP cache of GitHub responses, per installation.
	CacheBytes int `yaml:"cache_bytes"`
	// OSVURL is the OSV API (GATEHOUSE_OSV_URL); OSVDir, when set, replaces it
	// with a directory of OSV JSON files or per-ecosystem all.zip (air-gapped installs).
	OSVURL string `yaml:"osv_url"`
	OSVDir string `yaml:"osv_dir"`
	// DepsDevURL is the deps.dev API for licences (GATEHOUSE_DEPSDEV_URL).
	DepsDevURL string `yaml:"depsdev_url"`
	// NotifyURL receives Slack-compatible notifications (GATEHOUSE_NOTIFY_URL).
	NotifyURL string `yaml:"notify_url"`
	// AuditFile, when set, receives a hash-chained copy of every audit event.
	AuditFile string `yaml:"audit_file"`
	// LogLevel is debug, info, warn or error (GATEHOUSE_LOG_LEVEL).
	LogLevel string `yaml:"log_level"`
	// LogFormat is json (default) or console (GATEHOUSE_LOG_FORMAT).
	LogFormat string `yaml:"log_format"`
	// DatabaseURL keeps deliveries and evaluation jobs (GATEHOUSE_DATABASE_URL):
	// sqlite://PATH (default sqlite://gatehouse.db, one instance) or
	// postgres://… (several replicas).
	DatabaseURL string `yaml:"database_url"`
	// Replica names this process in audit events (GATEHOUSE_REPLICA, default the host name).
	Replica string `yaml:"replica"`
	// ReplicaTimeout is how long a replica may stay silent before another
	// takes over its evaluations.
	ReplicaTimeout time.Duration `yaml:"replica_timeout"`
	// RetryBackoff is the wait before each automatic retry of an evaluation
	// that could not finish (default 1m, 2m, 5m, 10m, 20m).
	RetryBackoff []time.Duration `yaml:"retry_backoff"`
	// CatchUpInterval is how often GitHub is asked for the deliveries it could not make (default 5m).
	CatchUpInterval time.Duration `yaml:"catch_up_interval"`
}

// GitHubConfig says where GitHub is and who the App is; the same keys as
// go-githubapp's Config, kept here so that the policy types (which every check
// imports) do not pull in a GitHub client.
type GitHubConfig struct {
	WebURL   string    `yaml:"web_url"`
	V3APIURL string    `yaml:"v3_api_url"`
	V4APIURL string    `yaml:"v4_api_url"`
	App      GitHubApp `yaml:"app"`
}

// GitHubApp is who the App is.
type GitHubApp struct {
	IntegrationID int64  `yaml:"integration_id"`
	WebhookSecret string `yaml:"webhook_secret"`
	PrivateKey    string `yaml:"private_key"`
	// PrivateKeyFile holds the App's PEM key (GITHUB_APP_PRIVATE_KEY_FILE);
	// PrivateKey, when set, wins.
	PrivateKeyFile string `yaml:"private_key_file"`
}

// DefaultServer returns the server defaults.
func DefaultServer() *Server {
	s := &Server{
		Listen: ":8080", Workers: 4, QueueSize: 200,
		EvaluationTimeout: 5 * time.Minute, ShutdownTimeout: 60 * time.Second,
		CacheBytes: 64 << 20,
		OSVURL:     "https://api.osv.dev", DepsDevURL: "https://api.deps.dev",
		LogLevel: "info", LogFormat: "json",
		DatabaseURL: "sqlite://gatehouse.db", ReplicaTimeout: time.Minute, CatchUpInterval: 5 * time.Minute,
		RetryBackoff: []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 20 * time.Minute},
	}
	s.GitHub.WebURL = "https://github.com"
	s.GitHub.V3APIURL = "https://api.github.com/"
	s.GitHub.V4APIURL = "https://api.github.com/graphql"
	return s
}

// LoadServer reads the optional config file, then the environment, which wins.
// It refuses, with a one-line reason, a configuration that would run unsafely:
// no webhook secret (go-githubapp would accept unsigned deliveries), no app id,
// or a private key that is missing or not an RSA key.
func LoadServer(file string, getenv func(string) string) (*Server, error) {
	s := DefaultServer()
	if err := s.decodeFile(file); err != nil {
		return nil, err
	}
	if err := s.applyEnv(getenv); err != nil {
		return nil, err
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadDatabaseURL is the database that `gatehouse migrate` works on: the
// config file's database_url, overridden by GATEHOUSE_DATABASE_URL, default
// sqlite://gatehouse.db. It needs none of the App's credentials.
func LoadDatabaseURL(file string, getenv func(string) string) (string, error) {
	s := DefaultServer()
	if err := s.decodeFile(file); err != nil {
		return "", err
	}
	if v := getenv("GATEHOUSE_DATABASE_URL"); v != "" {
		s.DatabaseURL = v
	}
	return s.DatabaseURL, nil
}

// decodeFile reads the server config file, if one is given, over s.
func (s *Server) decodeFile(file string) error {
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("failed to read server config: %w", err)
	}
	return decodeServer(file, b, s)
}

func (s *Server) applyEnv(getenv func(string) string) error {
	str := func(key string, dst *string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	str("GITHUB_WEB_URL", &s.GitHub.WebURL)
	str("GITHUB_V3_API_URL", &s.GitHub.V3APIURL)
	str("GITHUB_V4_API_URL", &s.GitHub.V4APIURL)
	str("GITHUB_APP_WEBHOOK_SECRET", &s.GitHub.App.WebhookSecret)
	str("GITHUB_APP_PRIVATE_KEY", &s.GitHub.App.PrivateKey)
	str("GITHUB_APP_PRIVATE_KEY_FILE", &s.GitHub.App.PrivateKeyFile)
	str("GATEHOUSE_LISTEN", &s.Listen)
	str("GATEHOUSE_OSV_URL", &s.OSVURL)
	str("GATEHOUSE_OSV_DIR", &s.OSVDir)
	str("GATEHOUSE_DEPSDEV_URL", &s.DepsDevURL)
	str("GATEHOUSE_NOTIFY_URL", &s.NotifyURL)
	str("GATEHOUSE_AUDIT_FILE", &s.AuditFile)
	str("GATEHOUSE_LOG_LEVEL", &s.LogLevel)
	str("GATEHOUSE_LOG_FORMAT", &s.LogFormat)
	str("GATEHOUSE_DATABASE_URL", &s.DatabaseURL)
	str("GATEHOUSE_REPLICA", &s.Replica)
	if v := getenv("GITHUB_APP_INTEGRATION_ID"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("GITHUB_APP_INTEGRATION_ID is not a number: %q", v)
		}
		s.GitHub.App.IntegrationID = id
	}
	if s.GitHub.App.PrivateKey == "" && s.GitHub.App.PrivateKeyFile != "" {
		b, err := os.ReadFile(s.GitHub.App.PrivateKeyFile)
		if err != nil {
			return fmt.Errorf("cannot read the GitHub App private key file: %w", err)
		}
		s.GitHub.App.PrivateKey = string(b)
	}
	if !strings.HasSuffix(s.GitHub.V3APIURL, "/") {
		s.GitHub.V3APIURL += "/"
	}
	return nil
}

func (s *Server) validate() error {
	switch {
	case s.GitHub.App.WebhookSecret == "":
		return errors.New("refusing to start: no webhook secret (GITHUB_APP_WEBHOOK_SECRET); without it anyone could forge deliveries")
	case strings.TrimSpace(s.GitHub.App.WebhookSecret) == "":
		return errors.New("refusing to start: the webhook secret (GITHUB_APP_WEBHOOK_SECRET) is only whitespace; set the random secret entered in the App's settings")
	case s.GitHub.App.IntegrationID <= 0:
		return errors.New("refusing to start: no GitHub App id (GITHUB_APP_INTEGRATION_ID)")
	case s.GitHub.App.PrivateKey == "":
		return errors.New("refusing to start: no GitHub App private key (GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE)")
	}
	if err := checkRSAKey([]byte(s.GitHub.App.PrivateKey)); err != nil {
		return fmt.Errorf("refusing to start: the GitHub App private key is unusable: %w", err)
	}
	if s.NotifyURL != "" {
		if err := notifyURLCheck(s.NotifyURL); err != nil {
			return fmt.Errorf("refusing to start: GATEHOUSE_NOTIFY_URL / notify_url: %w", err)
		}
	}
	if s.Workers < 1 || s.QueueSize < 1 {
		return fmt.Errorf("refusing to start: workers (%d) and queue_size (%d) must be at least 1", s.Workers, s.QueueSize)
	}
	if !strings.HasPrefix(s.DatabaseURL, "sqlite://") && !strings.HasPrefix(s.DatabaseURL, "postgres://") && !strings.HasPrefix(s.DatabaseURL, "postgresql://") {
		return errors.New("refusing to start: GATEHOUSE_DATABASE_URL / database_url must be sqlite://PATH or postgres://USER:PASS@HOST/DB")
	}
	if s.ReplicaTimeout < time.Second || s.CatchUpInterval < time.Second {
		return fmt.Errorf("refusing to start: replica_timeout (%s) and catch_up_interval (%s) must be at least 1s", s.ReplicaTimeout, s.CatchUpInterval)
	}
	for _, d := range s.RetryBackoff {
		if d <= 0 {
			return fmt.Errorf("refusing to start: retry_backoff has a wait of %s; each must be positive", d)
		}
	}
	switch s.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("refusing to start: log level %q is not debug, info, warn or error", s.LogLevel)
	}
	if s.LogFormat != "json" && s.LogFormat != "console" {
		return fmt.Errorf("refusing to start: log format %q is not json or console (GATEHOUSE_LOG_FORMAT / log_format)", s.LogFormat)
	}
	return nil
}

// notifyURLCheck validates the notification URL without echoing it (a Slack
// webhook URL is itself a credential).
func notifyURLCheck(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("not an http(s) URL")
	}
	return nil
}

// checkRSAKey parses the PEM key the way ghinstallation will, without echoing it.
func checkRSAKey(b []byte) error {
	block, _ := pem.Decode(b)
	if block == nil && !bytes.Contains(b, []byte("\n")) && bytes.Contains(b, []byte(`\n`)) {
		return errors.New(`not PEM: it holds literal \n escapes instead of line breaks (an escaped key in an environment variable?); give the .pem file itself with GITHUB_APP_PRIVATE_KEY_FILE, or the key with its real line breaks`)
	}
	if block == nil {
		return errors.New("not PEM: expected the .pem file GitHub generated for the App")
	}
	if _, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return errors.New("not an RSA private key in PKCS#1 or PKCS#8 form")
	}
	if _, ok := k.(*rsa.PrivateKey); !ok {
		return errors.New("not an RSA private key")
	}
	return nil
}
