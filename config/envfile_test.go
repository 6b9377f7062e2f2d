package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadEnvFile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		mode    os.FileMode
		want    map[string]string
		wantErr string
	}{
		{
			name: "as gatehouse setup writes it",
			content: "# GitHub App \"Gatehouse\"\n\nGITHUB_APP_INTEGRATION_ID=123\n" +
				`GITHUB_APP_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\nAB\\C\"D\n-----END RSA PRIVATE KEY-----\n"` + "\n",
			want: map[string]string{"GITHUB_APP_INTEGRATION_ID": "123",
				"GITHUB_APP_PRIVATE_KEY": "-----BEGIN RSA PRIVATE KEY-----\nAB\\C\"D\n-----END RSA PRIVATE KEY-----\n"},
		},
		{
			name:    "export, single quotes, literal values",
			content: "export GATEHOUSE_LOG_LEVEL=debug\nGITHUB_APP_WEBHOOK_SECRET='a\\nb $HOME'\nGATEHOUSE_LISTEN= :9090 # not a comment\n",
			want:    map[string]string{"GATEHOUSE_LOG_LEVEL": "debug", "GITHUB_APP_WEBHOOK_SECRET": `a\nb $HOME`, "GATEHOUSE_LISTEN": ":9090 # not a comment"},
		},
		{name: "typo in a key", content: "GITHUB_APP_INTEGRATON_ID=1\n", wantErr: "line 1: GITHUB_APP_INTEGRATON_ID is not a setting gatehouse serve reads"},
		{name: "no =", content: "# c\nGITHUB_WEB_URL\n", wantErr: "line 2: expected KEY=VALUE"},
		{name: "twice", content: "GITHUB_WEB_URL=a\nGITHUB_WEB_URL=b\n", wantErr: "line 2: GITHUB_WEB_URL is set twice"},
		{name: "unclosed quote", content: "GITHUB_APP_WEBHOOK_SECRET=\"s3cret\n", wantErr: "line 1: the value of GITHUB_APP_WEBHOOK_SECRET has no closing \""},
		{name: "unknown escape", content: `GITHUB_APP_WEBHOOK_SECRET="a\qb"` + "\n", wantErr: `unknown escape \q`},
		{name: "readable by others", content: "GITHUB_WEB_URL=a\n", mode: 0o644, wantErr: "mode 0644 lets other users read it"},
		{name: "group-writable", content: "GITHUB_WEB_URL=a\n", mode: 0o620, wantErr: "chmod 600"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "gatehouse.env")
			mode := tc.mode
			if mode == 0 {
				mode = 0o600
			}
			if err := os.WriteFile(path, []byte(tc.content), mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			got, err := ReadEnvFile(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("the error shows the value: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Errorf("got %d settings, want %d: %q", len(got), len(tc.want), got)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestWithEnvFileEnvironmentWins(t *testing.T) {
	file := map[string]string{"GATEHOUSE_LOG_LEVEL": "debug", "GATEHOUSE_LISTEN": ":9090"}
	env := map[string]string{"GATEHOUSE_LOG_LEVEL": "warn", "GATEHOUSE_LISTEN": ""}
	getenv := WithEnvFile(file, func(k string) string { return env[k] })
	for k, want := range map[string]string{"GATEHOUSE_LOG_LEVEL": "warn", "GATEHOUSE_LISTEN": ":9090", "GITHUB_WEB_URL": ""} {
		if got := getenv(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

func TestServerEnvKeys(t *testing.T) {
	keys := ServerEnvKeys()
	for _, k := range []string{"GITHUB_WEB_URL", "GITHUB_V3_API_URL", "GITHUB_APP_INTEGRATION_ID", "GITHUB_APP_WEBHOOK_SECRET",
		"GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_PRIVATE_KEY_FILE", "GATEHOUSE_LISTEN", "GATEHOUSE_LOG_LEVEL"} {
		if !keys[k] {
			t.Errorf("%s is not among the keys an env file may set", k)
		}
	}
}
