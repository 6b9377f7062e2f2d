package appsetup_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gatehouse-sec/gatehouse/appsetup"
	"github.com/gatehouse-sec/gatehouse/config"
)

func testCredentials(t *testing.T) *appsetup.Credentials {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return &appsetup.Credentials{
		AppID: 98765, Slug: "acme-gatehouse", Name: `Acme "Gatehouse"`,
		WebhookSecret: `s3cr#t"with\quotes$HOME`,
		PrivateKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})),
		WebURL:        "https://ghe.example.com", APIURL: "https://ghe.example.com/api/v3/",
	}
}

// TestRenderRoundTrip: each format, read back the way it is used, gives the
// server exactly the App's credentials.
func TestRenderRoundTrip(t *testing.T) {
	c := testCredentials(t)
	for _, tc := range []struct {
		format appsetup.Format
		load   func(t *testing.T, path string) *config.Server
	}{
		{appsetup.FormatEnv, func(t *testing.T, path string) *config.Server {
			vals, err := config.ReadEnvFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return loadServer(t, "", config.WithEnvFile(vals, func(string) string { return "" }))
		}},
		{appsetup.FormatYAML, func(t *testing.T, path string) *config.Server {
			return loadServer(t, path, func(string) string { return "" })
		}},
		{appsetup.FormatK8sSecret, func(t *testing.T, path string) *config.Server {
			b, _ := os.ReadFile(path)
			var secret struct {
				APIVersion string `yaml:"apiVersion"`
				Kind       string `yaml:"kind"`
				Metadata   struct{ Name string }
				StringData map[string]string `yaml:"stringData"`
			}
			if err := yaml.Unmarshal(b, &secret); err != nil {
				t.Fatal(err)
			}
			if secret.APIVersion != "v1" || secret.Kind != "Secret" || secret.Metadata.Name != "gatehouse" {
				t.Errorf("not a Secret named gatehouse: %+v", secret)
			}
			known := config.ServerEnvKeys()
			for k := range secret.StringData {
				if !known[k] {
					t.Errorf("the Secret's key %s is not an environment variable serve reads", k)
				}
			}
			return loadServer(t, "", func(k string) string { return secret.StringData[k] })
		}},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			data, err := appsetup.Render(tc.format, c)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), tc.format.DefaultFile())
			if err := appsetup.WriteOutput(path, data, false); err != nil {
				t.Fatal(err)
			}
			s := tc.load(t, path)
			if s.GitHub.App.IntegrationID != c.AppID || s.GitHub.App.WebhookSecret != c.WebhookSecret ||
				s.GitHub.App.PrivateKey != c.PrivateKeyPEM || s.GitHub.WebURL != c.WebURL || s.GitHub.V3APIURL != c.APIURL {
				t.Errorf("read back: id %d, web %s, api %s, secret equal %v, key equal %v", s.GitHub.App.IntegrationID,
					s.GitHub.WebURL, s.GitHub.V3APIURL, s.GitHub.App.WebhookSecret == c.WebhookSecret, s.GitHub.App.PrivateKey == c.PrivateKeyPEM)
			}
		})
	}
}

func loadServer(t *testing.T, file string, getenv func(string) string) *config.Server {
	t.Helper()
	s, err := config.LoadServer(file, getenv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWriteOutput(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing bool
		force    bool
		wantErr  error
	}{
		{"new file", false, false, nil},
		{"existing file kept", true, false, appsetup.ErrOutputExists},
		{"existing file replaced with --force", true, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "gatehouse.env")
			if tc.existing {
				if err := os.WriteFile(path, []byte("OLD=1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := appsetup.CheckOutput(path, tc.force); !errors.Is(err, tc.wantErr) {
				t.Errorf("CheckOutput = %v, want %v", err, tc.wantErr)
			}
			err := appsetup.WriteOutput(path, []byte("NEW=1\n"), tc.force)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("WriteOutput = %v, want %v", err, tc.wantErr)
			}
			b, _ := os.ReadFile(path)
			st, _ := os.Stat(path)
			if tc.wantErr != nil {
				if string(b) != "OLD=1\n" {
					t.Errorf("the existing file was changed: %q", b)
				}
				return
			}
			if string(b) != "NEW=1\n" || st.Mode().Perm() != 0o600 {
				t.Errorf("file %q mode %04o, want NEW=1 and 0600", b, st.Mode().Perm())
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".gatehouse-setup-*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
	if err := appsetup.CheckOutput(filepath.Join(t.TempDir(), "missing-dir", "x.env"), false); err == nil ||
		!strings.Contains(err.Error(), "cannot write") {
		t.Errorf("a missing directory: %v", err)
	}
}

// TestChartReadsTheSecret: the Helm chart takes the App's settings, by
// default, from the Secret that the k8s-secret output creates: its name, and
// the keys it reads one by one when envFrom is off.
func TestChartReadsTheSecret(t *testing.T) {
	b, err := os.ReadFile("../deploy/helm/gatehouse/values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		GitHub struct {
			ExistingSecret string            `yaml:"existingSecret"`
			EnvFrom        bool              `yaml:"envFrom"`
			SecretKeys     map[string]string `yaml:"secretKeys"`
		} `yaml:"github"`
	}
	if err := yaml.NewDecoder(bytes.NewReader(b)).Decode(&v); err != nil {
		t.Fatal(err)
	}
	rendered, _ := appsetup.Render(appsetup.FormatK8sSecret, testCredentials(t))
	var secret struct {
		Metadata   struct{ Name string }
		StringData map[string]string `yaml:"stringData"`
		Data       map[string]string `yaml:"data"`
	}
	if err := yaml.Unmarshal(rendered, &secret); err != nil {
		t.Fatal(err)
	}
	if v.GitHub.ExistingSecret != secret.Metadata.Name || !v.GitHub.EnvFrom {
		t.Errorf("the chart reads Secret %q (envFrom %v), want %q with envFrom", v.GitHub.ExistingSecret, v.GitHub.EnvFrom, secret.Metadata.Name)
	}
	keys := secret.StringData
	if len(keys) == 0 {
		keys = secret.Data
	}
	if len(v.GitHub.SecretKeys) == 0 {
		t.Fatal("the chart names no secretKeys")
	}
	for what, key := range v.GitHub.SecretKeys {
		if _, ok := keys[key]; !ok {
			t.Errorf("the chart's github.secretKeys.%s is %q, which the Secret lacks (it has %v)", what, key, keys)
		}
	}
}
