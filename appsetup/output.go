package appsetup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Format is how the credentials are written.
type Format string

// The output formats.
const (
	// FormatEnv is KEY=VALUE lines for `gatehouse serve --env-file`.
	FormatEnv Format = "env"
	// FormatYAML is a server config for `gatehouse serve --config`.
	FormatYAML Format = "yaml"
	// FormatK8sSecret is a Kubernetes Secret whose keys are the environment
	// variables, for `envFrom: [{secretRef: {name: gatehouse}}]`.
	FormatK8sSecret Format = "k8s-secret"
)

// ParseFormat accepts env, yaml or k8s-secret.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatEnv, FormatYAML, FormatK8sSecret:
		return f, nil
	}
	return "", fmt.Errorf("unknown output format %q: use env, yaml or k8s-secret", s)
}

// DefaultFile is the output file name of each format.
func (f Format) DefaultFile() string {
	switch f {
	case FormatYAML:
		return "gatehouse.yaml"
	case FormatK8sSecret:
		return "gatehouse-secret.yaml"
	}
	return "gatehouse.env"
}

// ServeCommand is how the server is started with the file written.
func (f Format) ServeCommand(file string) string {
	switch f {
	case FormatYAML:
		return "gatehouse serve --config " + file
	case FormatK8sSecret:
		return "kubectl apply -f " + file + "   # then envFrom: [{secretRef: {name: gatehouse}}] in the Deployment"
	}
	return "gatehouse serve --env-file " + file
}

// env is the credentials as the environment variables `serve` reads.
func (c *Credentials) env() [][2]string {
	return [][2]string{
		{"GITHUB_WEB_URL", c.WebURL},
		{"GITHUB_V3_API_URL", c.APIURL},
		{"GITHUB_APP_INTEGRATION_ID", strconv.FormatInt(c.AppID, 10)},
		{"GITHUB_APP_WEBHOOK_SECRET", c.WebhookSecret},
		{"GITHUB_APP_PRIVATE_KEY", c.PrivateKeyPEM},
	}
}

// Render writes the credentials in format f.
func Render(f Format, c *Credentials) ([]byte, error) {
	header := fmt.Sprintf("# GitHub App %q (slug %s, id %d), registered by `gatehouse setup`.\n"+
		"# Holds the App's private key and webhook secret: keep it mode 0600, never commit it.\n",
		c.Name, c.Slug, c.AppID)
	switch f {
	case FormatEnv:
		var b strings.Builder
		b.WriteString(header)
		for _, kv := range c.env() {
			fmt.Fprintf(&b, "%s=%s\n", kv[0], quoteEnv(kv[1]))
		}
		return []byte(b.String()), nil
	case FormatYAML:
		var s struct {
			GitHub struct {
				WebURL   string `yaml:"web_url"`
				V3APIURL string `yaml:"v3_api_url"`
				App      struct {
					IntegrationID int64  `yaml:"integration_id"`
					WebhookSecret string `yaml:"webhook_secret"`
					PrivateKey    string `yaml:"private_key"`
				} `yaml:"app"`
			} `yaml:"github"`
		}
		s.GitHub.WebURL, s.GitHub.V3APIURL = c.WebURL, c.APIURL
		s.GitHub.App.IntegrationID, s.GitHub.App.WebhookSecret, s.GitHub.App.PrivateKey = c.AppID, c.WebhookSecret, c.PrivateKeyPEM
		return marshalYAML(header, s)
	case FormatK8sSecret:
		data := map[string]string{}
		for _, kv := range c.env() {
			data[kv[0]] = kv[1]
		}
		return marshalYAML(header, map[string]any{
			"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
			"metadata":   map[string]any{"name": "gatehouse", "labels": map[string]string{"app": "gatehouse"}},
			"stringData": data,
		})
	}
	return nil, fmt.Errorf("unknown output format %q", f)
}

func marshalYAML(header string, v any) ([]byte, error) {
	b, err := yaml.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("failed to render the credentials: %w", err)
	}
	return append([]byte(header), b...), nil
}

// quoteEnv double-quotes a value with \n, \" and \\ escapes, the form
// `serve --env-file` reads (a PEM key becomes one line).
func quoteEnv(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(v) + `"`
}

// ErrOutputExists is an output file that is already there without --force:
// it may hold another App's key.
var ErrOutputExists = errors.New("already exists; move it away or pass --force to overwrite it")

// CheckOutput fails when path cannot be written: it exists (without force),
// or its directory is missing. It runs before the code is exchanged, so that a
// refusal never burns the single-use code.
func CheckOutput(path string, force bool) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case err == nil && !force:
		return fmt.Errorf("%s %w", path, ErrOutputExists)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if _, err := os.Stat(filepath.Dir(path)); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}

// WriteOutput writes data to path with mode 0600. Without force it never
// replaces a file (O_EXCL); with force it replaces it atomically, so a
// reader never sees half a key and the old file's wider mode is not kept.
func WriteOutput(path string, data []byte, force bool) error {
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s %w", path, ErrOutputExists)
		}
		if err != nil {
			return fmt.Errorf("failed to create %s: %w", path, err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return fmt.Errorf("failed to write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return fmt.Errorf("failed to write %s: %w", path, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gatehouse-setup-*")
	if err != nil {
		return fmt.Errorf("failed to create a file next to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("failed to write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("failed to write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("failed to replace %s: %w", path, err)
	}
	return nil
}
