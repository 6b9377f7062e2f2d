package config

import (
	"reflect"

	"gopkg.in/yaml.v3"
)

// decodeSections decodes root onto p, which holds the defaults: the
// policy's own keys and the sections kept as its fields, then every other
// registered section onto its own defaults.
func decodeSections(root *yaml.Node, p *Policy) error {
	if err := root.Decode(p); err != nil {
		return err
	}
	for _, s := range Sections() {
		if s.inPolicy() {
			continue
		}
		v := s.fresh()
		if n := valueOf(root, s.Name()); n != nil {
			if err := n.Decode(v); err != nil {
				return err
			}
		}
		if p.sections == nil {
			p.sections = map[string]any{}
		}
		p.sections[s.Name()] = v
	}
	return nil
}

// valueOf returns the value of key in mapping n, nil when it has none.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// topLevelOrder lists the keys a policy may have, in the order of the docs:
// the policy's own and the original sections, then the other sections.
func topLevelOrder() []string {
	var out []string
	t := reflect.TypeFor[Policy]()
	for i := 0; i < t.NumField(); i++ {
		if name := yamlKey(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	for _, s := range Sections() {
		if !s.inPolicy() {
			out = append(out, s.Name())
		}
	}
	return out
}

// MarshalYAML writes the policy with every registered section, so that
// check-config --print-effective shows each check's defaults.
func (p Policy) MarshalYAML() (any, error) {
	type plain Policy
	var n yaml.Node
	if err := n.Encode((*plain)(&p)); err != nil {
		return nil, err
	}
	for _, s := range Sections() {
		if s.inPolicy() {
			continue
		}
		v := s.fresh()
		if got, ok := p.sections[s.Name()]; ok {
			v = got
		}
		var k, val yaml.Node
		k.SetString(s.Name())
		if err := val.Encode(v); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &k, &val)
	}
	return &n, nil
}
