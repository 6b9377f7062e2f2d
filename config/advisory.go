package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// UnmarshalYAML accepts either a bare advisory id or {id, reason, expires}.
func (a *AdvisoryAllow) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		a.ID = n.Value
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: an allowed advisory is an id or a mapping {id, reason, expires}", n.Line)
	}
	type plain AdvisoryAllow // no UnmarshalYAML: avoids recursion
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*a = AdvisoryAllow(p)
	return nil
}
