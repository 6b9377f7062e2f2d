package appsetup

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// HookPath is where Gatehouse answers GitHub's deliveries.
const HookPath = "/api/github/hook"

// Manifest is what `gatehouse setup` posts to GitHub: only keys GitHub
// documents for App manifests (see ManifestKeys).
type Manifest struct {
	Name               string            `json:"name"`
	URL                string            `json:"url"`
	Description        string            `json:"description,omitempty"`
	HookAttributes     HookAttributes    `json:"hook_attributes"`
	RedirectURL        string            `json:"redirect_url"`
	Public             bool              `json:"public"`
	DefaultPermissions map[string]string `json:"default_permissions"`
	DefaultEvents      []string          `json:"default_events"`
}

// HookAttributes is the App's webhook.
type HookAttributes struct {
	URL    string `json:"url"`
	Active bool   `json:"active"`
}

// ManifestKeys are the top-level keys GitHub documents for an App manifest
// (docs.github.com, "Registering a GitHub App from a manifest", GitHub App
// manifest parameters); GitHub ignores or rejects anything else.
var ManifestKeys = []string{
	"name", "url", "hook_attributes", "redirect_url", "callback_urls", "setup_url",
	"description", "public", "default_events", "default_permissions",
	"request_oauth_on_install", "setup_on_update",
}

// AppSpec is app.yml read with the reason for each permission and event,
// taken from its comments, so the page can say why each one is asked for.
type AppSpec struct {
	Name        string
	Description string
	HomeURL     string
	Permissions []Item // sorted by name
	Events      []Item // in app.yml's order
}

// Item is a permission (Name: Access) or an event, with its reason.
type Item struct {
	Name   string
	Access string // "read" or "write"; empty for events
	Reason string
}

// appFile is app.yml's schema: GitHub's manifest keys, strictly (a typo in a
// key would otherwise silently drop a setting).
type appFile struct {
	Name           string `yaml:"name"`
	Description    string `yaml:"description"`
	URL            string `yaml:"url"`
	HookAttributes struct {
		URL    string `yaml:"url"`
		Active bool   `yaml:"active"`
	} `yaml:"hook_attributes"`
	Public             bool              `yaml:"public"`
	DefaultEvents      []string          `yaml:"default_events"`
	DefaultPermissions map[string]string `yaml:"default_permissions"`
}

// ParseAppSpec reads app.yml: strictly (unknown keys are errors) and with the
// comments above each permission and beside each event as their reasons.
func ParseAppSpec(b []byte) (*AppSpec, error) {
	var f appFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("invalid app.yml: %w", err)
	}
	if f.Public {
		return nil, errors.New("invalid app.yml: public: true would let any account install Gatehouse; it must be false")
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("invalid app.yml: %w", err)
	}
	spec := &AppSpec{Name: f.Name, Description: f.Description, HomeURL: f.URL}
	perms := mappingValue(&root, "default_permissions")
	events := mappingValue(&root, "default_events")
	if perms == nil || events == nil || len(f.DefaultPermissions) == 0 || len(f.DefaultEvents) == 0 {
		return nil, errors.New("invalid app.yml: default_permissions and default_events are required")
	}
	for i := 0; i+1 < len(perms.Content); i += 2 {
		k, v := perms.Content[i], perms.Content[i+1]
		if v.Value != "read" && v.Value != "write" {
			return nil, fmt.Errorf("invalid app.yml line %d: permission %s is %q, not read or write", v.Line, k.Value, v.Value)
		}
		spec.Permissions = append(spec.Permissions, Item{Name: k.Value, Access: v.Value, Reason: commentText(k.HeadComment)})
	}
	sort.Slice(spec.Permissions, func(i, j int) bool { return spec.Permissions[i].Name < spec.Permissions[j].Name })
	for _, e := range events.Content {
		spec.Events = append(spec.Events, Item{Name: e.Value, Reason: commentText(e.LineComment)})
	}
	return spec, nil
}

// mappingValue finds key in the document's top-level mapping.
func mappingValue(doc *yaml.Node, key string) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// commentText turns "# a\n# b" into "a b".
func commentText(c string) string {
	var parts []string
	for _, l := range strings.Split(c, "\n") {
		if l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "#")); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// Manifest builds what is posted to GitHub: app.yml with the name chosen,
// the webhook at publicURL's HookPath, GitHub's redirect to redirectURL, and
// never public.
func (a *AppSpec) Manifest(name, publicURL, redirectURL string) Manifest {
	if name == "" {
		name = a.Name
	}
	m := Manifest{
		Name: name, URL: a.HomeURL, Description: a.Description,
		HookAttributes:     HookAttributes{URL: strings.TrimSuffix(publicURL, "/") + HookPath, Active: true},
		RedirectURL:        redirectURL,
		DefaultPermissions: map[string]string{},
	}
	for _, p := range a.Permissions {
		m.DefaultPermissions[p.Name] = p.Access
	}
	for _, e := range a.Events {
		m.DefaultEvents = append(m.DefaultEvents, e.Name)
	}
	return m
}
