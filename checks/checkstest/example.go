package checkstest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// ExampleName is the name of a check Gatehouse does not ship, which tests
// register (checks.Register(ExampleRegistration), in an init function) to
// prove that a check is its package plus one registration: it gets its own
// run, its strictly parsed .security.yml section, its schema entry and its
// alert. It fails on changed paths holding a word its section lists.
const ExampleName = "example"

// ExampleConfig is the example check's section of .security.yml.
type ExampleConfig struct {
	Enabled bool     `yaml:"enabled"`
	Words   []string `yaml:"words"`
}

// ExampleSection declares the section: enabled by default, no empty word.
var ExampleSection = config.NewSection(ExampleName,
	func() ExampleConfig { return ExampleConfig{Enabled: true} },
	func(c *ExampleConfig, problems config.Problems) {
		for i, w := range c.Words {
			if strings.TrimSpace(w) == "" {
				problems.Add(fmt.Sprintf("words[%d]", i), "must not be empty: it would match every path")
			}
		}
	})

// ExampleSchema is the section's JSON Schema.
const ExampleSchema = `{"type": "object", "additionalProperties": false, "properties": {
  "enabled": {"type": "boolean", "default": true},
  "words": {"type": "array", "items": {"type": "string", "pattern": "\\S"}}}}`

// ExampleAlertKind is the kind of the example check's notification.
const ExampleAlertKind = "example_word"

// ExampleRegistration is the example check's registration.
var ExampleRegistration = checks.Registration{
	Name: ExampleName, Section: ExampleSection, Schema: json.RawMessage(ExampleSchema),
	New: func(*config.Server) (checks.Check, error) { return Example{}, nil },
}

// Example is the example check.
type Example struct{}

// Name implements checks.Check.
func (Example) Name() string { return ExampleName }

// Run implements checks.Check.
func (Example) Run(_ context.Context, cs *checks.ChangeSet, p *config.Policy) (*checks.Result, error) {
	cfg := ExampleSection.Of(p)
	if !cfg.Enabled {
		return checks.Disabled(ExampleName), nil
	}
	res := &checks.Result{Check: ExampleName, Conclusion: checks.Success, Title: "No listed word in a path"}
	for _, f := range cs.Files {
		for _, w := range cfg.Words {
			if strings.Contains(f.Path, w) {
				res.Findings = append(res.Findings, checks.Finding{Check: ExampleName, RuleID: "word-in-path",
					Title: "Path holds " + w, Message: "Rename the file.", Path: f.Path, Level: checks.LevelFailure})
			}
		}
	}
	if _, paths := res.BlockingRulesAndPaths(nil); len(paths) > 0 {
		res.Conclusion, res.Title = checks.Failure, fmt.Sprintf("%d path(s) hold a listed word", len(paths))
		res.Summary = "Paths: " + strings.Join(paths, ", ")
		res.Alert = &checks.Alert{Kind: ExampleAlertKind, What: "Listed words in " + strings.Join(paths, ", ")}
	}
	return res, nil
}
