package schema_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gatehouse-sec/gatehouse/config"
)

// designExample is the policy shown in the design document.
const designExample = `version: 1
infosec:
  team: security
  users: []
  required_approvals: 1
  contact: "#security"
secrets:
  enabled: true
  history: true
  allow:
    paths: []
    fingerprints: []
  rules: []
dependencies:
  enabled: true
  fail_on_severity: high
  allow_advisories: []
  deny_packages: []
  licenses: {allow: [], deny: []}
  review_new_dependencies: false
dlp:
  enabled: true
  forbidden: []
  sensitive:
    - paths: [".github/workflows/**"]
      reason: "CI can exfiltrate secrets"
  max_file_size: 5MB
override:
  label: security-override
`

func TestSchemaAndParseAcceptTheSameValidDocuments(t *testing.T) {
	defaults, err := yaml.Marshal(config.Default())
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"minimal":                   "version: 1\n",
		"every key":                 string(readFull(t)),
		"the design example":        designExample,
		"the built-in defaults":     string(defaults),
		"a size in bytes":           "version: 1\ndlp: {max_file_size: 1048576}\n",
		"a size in KiB":             "version: 1\ndlp: {max_file_size: 512 KiB}\n",
		"a bare advisory id":        "version: 1\ndependencies: {allow_advisories: [GHSA-1234]}\n",
		"an allow-list of licences": "version: 1\ndependencies: {licenses: {allow: [MIT]}}\n",
		"inline markers trusted":    "version: 1\nsecrets: {allow: {inline: true}}\n",
		"inline markers ignored":    "version: 1\nsecrets: {allow: {inline: false}}\n",
		"globs of every form":       "version: 1\ndlp: {forbidden: [\"*.LOCK\", /Makefile, \"docs/**/*.md\", \"**\", \"{a,b}/[x-z]?.txt\"]}\n",
		"directory globs":           "version: 1\nsecrets: {allow: {paths: [vendor/, /web/dist/, ./fixtures/**, .env]}}\n",
	}
	s := compile(t)
	for _, name := range sortedKeys(docs) {
		t.Run(name, func(t *testing.T) {
			if _, err := config.Parse("test.yml", []byte(docs[name])); err != nil {
				t.Fatalf("config.Parse rejects it: %v", err)
			}
			if err := s.Validate(instance(t, []byte(docs[name]))); err != nil {
				t.Errorf("the schema rejects a policy config.Parse accepts: %v", err)
			}
		})
	}
}

func TestSchemaAndParseRejectTheSameMistakes(t *testing.T) {
	docs := map[string]string{
		"no version":                    "infosec: {team: security}\n",
		"version 2":                     "version: 2\n",
		"an unknown severity":           "version: 1\ndependencies: {fail_on_severity: severe}\n",
		"zero approvals":                "version: 1\ninfosec: {required_approvals: 0}\n",
		"a size with a strange unit":    "version: 1\ndlp: {max_file_size: 5 parsecs}\n",
		"a zero size":                   "version: 1\ndlp: {max_file_size: 0}\n",
		"an unknown binary mode":        "version: 1\ndlp: {binary: maybe}\n",
		"a package that is not a purl":  "version: 1\ndependencies: {deny_packages: [event-stream]}\n",
		"both allow and deny licences":  "version: 1\ndependencies: {licenses: {allow: [MIT], deny: [GPL-3.0-only]}}\n",
		"a sensitive area with no why":  "version: 1\ndlp: {sensitive: [{paths: [a/**]}]}\n",
		"a login with spaces":           "version: 1\ninfosec: {users: [not a login]}\n",
		"an advisory with no id":        "version: 1\ndependencies: {allow_advisories: [{reason: later}]}\n",
		"a rule with no regex":          "version: 1\nsecrets: {rules: [{id: x}]}\n",
		"a rule id in capitals":         "version: 1\nsecrets: {rules: [{id: ACME, regex: x}]}\n",
		"a number where a boolean goes": "version: 1\nsecrets: {enabled: 3}\n",
		"a list where a mapping goes":   "version: 1\ndlp: [forbidden]\n",
		"an empty override label":       "version: 1\noverride: {label: \" \"}\n",
		"a bad expiry date":             "version: 1\ndependencies: {allow_advisories: [{id: X, expires: soon}]}\n",
		"an unknown inline mode":        "version: 1\nsecrets: {allow: {inline: maybe}}\n",
		"inline as a yes":               "version: 1\nsecrets: {allow: {inline: yes}}\n",
		"a glob that is only a slash":   "version: 1\ndependencies: {paths: [/]}\n",
		"a glob that is only ./":        "version: 1\nsecrets: {allow: {paths: [./]}}\n",
	}
	s := compile(t)
	for _, name := range sortedKeys(docs) {
		t.Run(name, func(t *testing.T) {
			if _, err := config.Parse("test.yml", []byte(docs[name])); err == nil {
				t.Errorf("config.Parse accepts it")
			}
			if err := s.Validate(instance(t, []byte(docs[name]))); err == nil {
				t.Errorf("the schema accepts it")
			}
		})
	}
}

func TestAnUnknownKeyIsRejectedAtEveryLevel(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal(readFull(t), &doc); err != nil {
		t.Fatal(err)
	}
	var mappings []*yaml.Node
	paths := map[*yaml.Node]string{}
	var visit func(path string, n *yaml.Node)
	visit = func(path string, n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode:
			visit(path, n.Content[0])
		case yaml.MappingNode:
			mappings = append(mappings, n)
			paths[n] = path
			for i := 0; i+1 < len(n.Content); i += 2 {
				visit(path+"."+n.Content[i].Value, n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				visit(fmt.Sprintf("%s[%d]", path, i), c)
			}
		}
	}
	visit("", &doc)
	s := compile(t)
	for _, m := range mappings {
		t.Run("at "+paths[m]+".surprise", func(t *testing.T) {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "surprise"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "1"})
			defer func() { m.Content = m.Content[:len(m.Content)-2] }()
			out, err := yaml.Marshal(&doc)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := config.Parse("test.yml", out); err == nil || !strings.Contains(err.Error(), "surprise") {
				t.Errorf("config.Parse: %v; want an unknown-key error", err)
			}
			if err := s.Validate(instance(t, out)); err == nil {
				t.Error("the schema accepts an unknown key")
			}
		})
	}
	if len(mappings) < 10 {
		t.Errorf("only %d mappings visited; the fixture lost its nesting", len(mappings))
	}
}

// TestTheFullFixtureSetsEveryKey keeps testdata/full.security.yml complete, so
// that the unknown-key test above reaches every level of the policy.
func TestTheFullFixtureSetsEveryKey(t *testing.T) {
	var doc any
	if err := yaml.Unmarshal(readFull(t), &doc); err != nil {
		t.Fatal(err)
	}
	var missing []string
	var check func(path string, typ reflect.Type, v any)
	check = func(path string, typ reflect.Type, v any) {
		switch typ.Kind() {
		case reflect.Struct:
			m, _ := v.(map[string]any)
			for name, ft := range yamlFields(typ) {
				child, ok := m[name]
				if !ok {
					missing = append(missing, path+"."+name)
					continue
				}
				check(path+"."+name, ft, child)
			}
		case reflect.Slice:
			list, _ := v.([]any)
			var obj any
			for _, item := range list {
				if _, ok := item.(map[string]any); ok {
					obj = item
				}
			}
			if typ.Elem().Kind() == reflect.Struct && !textual(typ.Elem()) {
				if obj == nil {
					missing = append(missing, path+"[] (a mapping item)")
					return
				}
				check(path+"[]", typ.Elem(), obj)
			}
		}
	}
	check("", reflect.TypeOf(config.Policy{}), doc)
	if len(missing) > 0 {
		t.Errorf("testdata/full.security.yml does not set: %s", strings.Join(missing, ", "))
	}
}
