package appsetup_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse"
	"github.com/gatehouse-sec/gatehouse/appsetup"
)

func TestParseAppSpecReadsReasonsFromComments(t *testing.T) {
	spec, err := appsetup.ParseAppSpec(gatehouse.AppManifest)
	if err != nil {
		t.Fatal(err)
	}
	for _, items := range [][]appsetup.Item{spec.Permissions, spec.Events} {
		for _, it := range items {
			if it.Reason == "" {
				t.Errorf("%s has no reason in app.yml: every permission and event says why it is needed", it.Name)
			}
		}
	}
	if got := spec.Permissions[0]; got.Name != "checks" || got.Access != "write" || !strings.HasPrefix(got.Reason, "Create and complete the four check runs") {
		t.Errorf("first permission = %+v", got)
	}
}

func TestParseAppSpecRefuses(t *testing.T) {
	base := "name: G\nurl: https://x\ndefault_events: [pull_request]\n"
	for _, tc := range []struct{ name, yml, want string }{
		{"unknown key", base + "default_permission:\n  checks: write\n", "field default_permission not found"},
		{"public", base + "public: true\ndefault_permissions:\n  checks: write\n", "public: true"},
		{"admin access", base + "default_permissions:\n  checks: admin\n", `line 5: permission checks is "admin"`},
		{"no permissions", base, "default_permissions and default_events are required"},
		{"not yaml", "name: a: b\n", "invalid app.yml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := appsetup.ParseAppSpec([]byte(tc.yml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestManifest(t *testing.T) {
	spec, err := appsetup.ParseAppSpec(gatehouse.AppManifest)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, appName, public, wantName, wantHook string
	}{
		{"app.yml's name", "", "https://gh.example.com", "Gatehouse", "https://gh.example.com/api/github/hook"},
		{"chosen name, trailing slash", "Acme Gatehouse", "https://gh.example.com/", "Acme Gatehouse", "https://gh.example.com/api/github/hook"},
		{"path prefix", "", "https://example.com/gatehouse", "Gatehouse", "https://example.com/gatehouse/api/github/hook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := spec.Manifest(tc.appName, tc.public, "http://127.0.0.1:3000/setup/callback")
			if m.Name != tc.wantName || m.HookAttributes.URL != tc.wantHook || !m.HookAttributes.Active ||
				m.RedirectURL != "http://127.0.0.1:3000/setup/callback" || m.Public {
				t.Errorf("manifest = %+v", m)
			}
			if len(m.DefaultPermissions) != len(spec.Permissions) || len(m.DefaultEvents) != len(spec.Events) {
				t.Errorf("manifest permissions %v events %v, app.yml has %d and %d", m.DefaultPermissions, m.DefaultEvents, len(spec.Permissions), len(spec.Events))
			}
			// Only keys GitHub documents for manifests are posted.
			b, _ := json.Marshal(m)
			var keys map[string]any
			_ = json.Unmarshal(b, &keys)
			for k := range keys {
				if !slices.Contains(appsetup.ManifestKeys, k) {
					t.Errorf("the manifest posts %q, which GitHub does not document", k)
				}
			}
			for _, k := range []string{"name", "url", "hook_attributes", "redirect_url", "public", "default_permissions", "default_events"} {
				if _, ok := keys[k]; !ok {
					t.Errorf("the manifest lacks %q", k)
				}
			}
		})
	}
}
