package config

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// exampleConfig is a section a check outside this package would declare.
type exampleConfig struct {
	Enabled bool     `yaml:"enabled"`
	Words   []string `yaml:"words"`
	Mode    string   `yaml:"mode"`
}

var exampleSection = NewSection("example",
	func() exampleConfig { return exampleConfig{Enabled: true, Mode: "warn"} },
	func(v *exampleConfig, problems Problems) {
		for i, w := range v.Words {
			if strings.TrimSpace(w) == "" {
				problems.Add(fmt.Sprintf("words[%d]", i), "must not be empty")
			}
		}
		if v.Mode != "warn" && v.Mode != "fail" {
			problems.Add("mode", "must be warn or fail (got %q)", v.Mode)
		}
	})

func init() {
	if err := RegisterSection(exampleSection); err != nil {
		panic(err)
	}
}

func TestRegisteredSectionParsesOverItsDefaults(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want exampleConfig
	}{
		{"left out", "version: 1\n", exampleConfig{Enabled: true, Mode: "warn"}},
		{"some keys", "version: 1\nexample:\n  words: [internal-only]\n", exampleConfig{Enabled: true, Words: []string{"internal-only"}, Mode: "warn"}},
		{"every key", "version: 1\nexample: {enabled: false, words: [a, b], mode: fail}\n", exampleConfig{Words: []string{"a", "b"}, Mode: "fail"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(".security.yml", []byte(c.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := exampleSection.Of(p)
			if fmt.Sprint(*got) != fmt.Sprint(c.want) {
				t.Errorf("example = %+v, want %+v", *got, c.want)
			}
		})
	}
}

func TestRegisteredSectionIsStrictWithLines(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"unknown key", "version: 1\nexample:\n  wordz: [a]\n", `.security.yml:3:3: example.wordz: unknown key "wordz" (did you mean "words"?)`},
		{"wrong type", "version: 1\nexample:\n  enabled: maybe\n", `.security.yml:3:12: example.enabled: wrong type: got a string "maybe", want true or false`},
		{"a mapping for a list", "version: 1\nexample:\n  words: {a: b}\n", `.security.yml:3:10: example.words: wrong type: got a mapping`},
		{"its own validation", "version: 1\nexample:\n  words:\n    - ok\n    - \" \"\n", `.security.yml:5:7: example.words[1]: must not be empty`},
		{"a value it refuses", "version: 1\nexample:\n  mode: loud\n", `.security.yml:3:9: example.mode: must be warn or fail (got "loud")`},
		{"a typo of its name", "version: 1\nexampel: {}\n", `.security.yml:2:1: exampel: unknown key "exampel" (did you mean "example"?)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(".security.yml", []byte(c.src))
			if err == nil {
				t.Fatalf("Parse accepted %q", c.src)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestRegisterSectionRefusesClashes(t *testing.T) {
	type flat struct {
		On bool `yaml:"on"`
	}
	none := func() flat { return flat{} }
	cases := []struct {
		name    string
		section PolicySection
		want    string
	}{
		{"a taken name", NewSection("example", none, nil), `"example" is registered twice`},
		{"an original section's name", NewSection("secrets", none, nil), `"secrets" is registered twice`},
		{"the policy's own key", NewSection("override", none, nil), "shadow the policy's own key"},
		{"an upper-case name", NewSection("Example2", none, nil), "needs a lower-case name"},
		{"not a mapping", NewSection("example3", func() string { return "" }, nil), "must be a struct"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := RegisterSection(c.section)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("RegisterSection = %v, want an error with %q", err, c.want)
			}
		})
	}
	if err := RegisterSection(exampleSection); err != nil {
		t.Errorf("registering the same section again: %v", err)
	}
}

func TestEffectivePolicyShowsRegisteredSections(t *testing.T) {
	p, err := Parse(".security.yml", []byte("version: 1\nexample:\n  words: [a]\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nexample:\n", "    enabled: true\n", "        - a\n", "\ndlp:\n", "\noverride:\n"} {
		if !strings.Contains("\n"+string(out), want) {
			t.Errorf("the effective policy lacks %q:\n%s", want, out)
		}
	}
	back, err := Parse("effective.yml", out)
	if err != nil {
		t.Fatalf("the effective policy does not parse back: %v", err)
	}
	if got := exampleSection.Of(back).Words; len(got) != 1 || got[0] != "a" {
		t.Errorf("example.words after a round trip = %v", got)
	}
}
