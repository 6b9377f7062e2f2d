package schema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/gatehouse-sec/gatehouse/schema"
)

// compile builds a validator for the policy schema.
func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.Security()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("security.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("security.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// instance turns YAML into the JSON value a schema validator reads, with
// YAML 1.2 scalars as editors see them: an unquoted date is a string.
func instance(t *testing.T, y []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(toJSON(t, &doc))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func readFull(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/full.security.yml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func toJSON(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return toJSON(t, n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = toJSON(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, toJSON(t, c))
		}
		return l
	case yaml.AliasNode:
		return toJSON(t, n.Alias)
	}
	switch n.ShortTag() {
	case "!!int", "!!float", "!!bool", "!!null":
		var v any
		if err := n.Decode(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	return n.Value
}
