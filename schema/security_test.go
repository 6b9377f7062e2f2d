package schema_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/schema"
)

// node is a JSON Schema object as decoded by encoding/json.
type node = map[string]any

func policySchema(t *testing.T) node {
	t.Helper()
	var n node
	if err := json.Unmarshal(schema.Security(), &n); err != nil {
		t.Fatalf("security.schema.json is not JSON: %v", err)
	}
	return n
}

// deref follows a local "$ref": "#/$defs/name", keeping the referring node's
// own keywords (draft 2020-12 applies both).
func deref(root, n node) node {
	ref, ok := n["$ref"].(string)
	if !ok {
		return n
	}
	target, _ := root["$defs"].(node)[strings.TrimPrefix(ref, "#/$defs/")].(node)
	merged := node{}
	for k, v := range target {
		merged[k] = v
	}
	for k, v := range n {
		if k != "$ref" {
			merged[k] = v
		}
	}
	return merged
}

// branches returns the node and its oneOf/anyOf alternatives.
func branches(root, n node) []node {
	n = deref(root, n)
	out := []node{n}
	for _, key := range []string{"oneOf", "anyOf"} {
		alts, _ := n[key].([]any)
		for _, a := range alts {
			out = append(out, branches(root, a.(node))...)
		}
	}
	return out
}

// jsonTypes lists the JSON types a schema node accepts, from type, enum and const.
func jsonTypes(root, n node) map[string]bool {
	types := map[string]bool{}
	kindOf := func(v any) string {
		switch v := v.(type) {
		case bool:
			return "boolean"
		case string:
			return "string"
		case float64:
			if v == float64(int64(v)) {
				return "integer"
			}
			return "number"
		}
		return "other"
	}
	for _, b := range branches(root, n) {
		if t, ok := b["type"].(string); ok {
			types[t] = true
		}
		if c, ok := b["const"]; ok {
			types[kindOf(c)] = true
		}
		enum, _ := b["enum"].([]any)
		for _, v := range enum {
			types[kindOf(v)] = true
		}
	}
	if types["integer"] {
		types["number"] = true
	}
	return types
}

// yamlFields maps each YAML key of a struct to its field type.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			out[name] = t.Field(i).Type
		}
	}
	return out
}

// walk compares a Go type with its schema node, both ways, at every level.
func walk(t *testing.T, root node, path string, typ reflect.Type, n node) {
	switch typ.Kind() {
	case reflect.Struct:
		var obj node
		for _, b := range branches(root, n) {
			if _, ok := b["properties"]; ok {
				obj = b
			}
		}
		if obj == nil {
			t.Errorf("%s: Go has a mapping (%s) but the schema has no object with properties", path, typ)
			return
		}
		if obj["additionalProperties"] != false {
			t.Errorf("%s: the schema object must say additionalProperties: false (unknown keys are errors)", path)
		}
		walkFields(t, root, path, yamlFields(typ), obj)
	case reflect.Slice:
		var items node
		for _, b := range branches(root, n) {
			if it, ok := b["items"].(node); ok && b["type"] == "array" {
				items = it
			}
		}
		if items == nil {
			t.Errorf("%s: Go has a list but the schema has no array with items", path)
			return
		}
		walk(t, root, path+"[]", typ.Elem(), items)
	default:
		want := map[reflect.Kind]string{
			reflect.Bool: "boolean", reflect.String: "string", reflect.Int: "integer", reflect.Int64: "integer", reflect.Float64: "number",
		}[typ.Kind()]
		if want == "" {
			t.Errorf("%s: Go kind %s has no JSON type in this test", path, typ.Kind())
		} else if !jsonTypes(root, n)[want] {
			t.Errorf("%s: Go %s needs JSON type %s; the schema accepts %v", path, typ, want, jsonTypes(root, n))
		}
	}
}

// walkFields compares the keys of a mapping, and their types, with an object
// schema's properties.
func walkFields(t *testing.T, root node, path string, fields map[string]reflect.Type, obj node) {
	props := obj["properties"].(node)
	for _, name := range sortedKeys(fields) {
		p, ok := props[name].(node)
		if !ok {
			t.Errorf("%s.%s: in the Go types but not in the schema", path, name)
			continue
		}
		walk(t, root, path+"."+name, fields[name], p)
	}
	for name := range props {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s.%s: in the schema but not in the Go types (config.Parse would reject it)", path, name)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSchemaMatchesPolicyTypes covers the policy's own keys and every
// registered check's section: Gatehouse's and this test binary's example.
func TestSchemaMatchesPolicyTypes(t *testing.T) {
	root := policySchema(t)
	fields := yamlFields(reflect.TypeOf(config.Policy{}))
	for _, s := range config.Sections() {
		fields[s.Name()] = s.Type()
	}
	if _, ok := fields[exampleName]; !ok {
		t.Fatal("the example check's section is not registered")
	}
	walkFields(t, root, "", fields, root)
}

func TestEverySchemaObjectIsClosed(t *testing.T) {
	var visit func(path string, v any)
	visit = func(path string, v any) {
		switch v := v.(type) {
		case node:
			if _, ok := v["properties"]; ok && v["additionalProperties"] != false {
				t.Errorf("%s: an object schema without additionalProperties: false", path)
			}
			for k, c := range v {
				if k != "not" { // a "not" describes a forbidden shape, not an object
					visit(path+"/"+k, c)
				}
			}
		case []any:
			for _, c := range v {
				visit(path+"/[]", c)
			}
		}
	}
	visit("#", policySchema(t))
}
