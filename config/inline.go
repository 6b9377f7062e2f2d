package config

import (
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// InlineMarkers is what an inline `gatehouse:allow` (or `gitleaks:allow`)
// marker in a pull request's own lines does to a secrets finding. It is
// written `approval`, `true` or `false` under secrets.allow.inline.
type InlineMarkers string

// The three modes of secrets.allow.inline.
const (
	// InlineNeedsApproval waives the finding but asks InfoSec to approve: the
	// author alone cannot declare their own finding harmless. The default.
	InlineNeedsApproval InlineMarkers = "approval"
	// InlineTrusted waives the finding on the author's word.
	InlineTrusted InlineMarkers = "true"
	// InlineIgnored ignores markers: the finding blocks like any other.
	InlineIgnored InlineMarkers = "false"
)

// UnmarshalYAML accepts the string approval and the booleans true and false.
// Like every switch of the policy, yes/no/on/off are refused, not guessed.
func (m *InlineMarkers) UnmarshalYAML(n *yaml.Node) error {
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" && (n.Value == "true" || n.Value == "false"):
		*m = InlineMarkers(n.Value)
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" && n.Value == string(InlineNeedsApproval):
		*m = InlineNeedsApproval
	default:
		return fmt.Errorf("line %d: got %q, want approval, true or false", n.Line, n.Value)
	}
	return nil
}

// MarshalYAML writes true and false as booleans, approval as a string.
func (m InlineMarkers) MarshalYAML() (any, error) { return m.value(), nil }

// MarshalJSON writes true and false as booleans, approval as a string.
func (m InlineMarkers) MarshalJSON() ([]byte, error) { return json.Marshal(m.value()) }

func (m InlineMarkers) value() any {
	switch m {
	case InlineTrusted:
		return true
	case InlineIgnored:
		return false
	}
	return string(InlineNeedsApproval)
}
