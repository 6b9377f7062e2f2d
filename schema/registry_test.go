package schema_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/all"
	"github.com/gatehouse-sec/gatehouse/checks/checkstest"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/schema"
)

// The example check stands for one Gatehouse does not ship: its schema
// comes with its registration, not from the published file.
func init() { checks.Register(checkstest.ExampleRegistration) }

const exampleName = checkstest.ExampleName

func TestARegisteredCheckHasItsSchemaEntry(t *testing.T) {
	props, _ := policySchema(t)["properties"].(node)
	var got, want any
	b, _ := json.Marshal(props[exampleName])
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(checkstest.ExampleSchema), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("properties.example = %s, want the registered schema", b)
	}
	s := compile(t)
	cases := []struct {
		name, doc string
		valid     bool
	}{
		{"its keys", "version: 1\nexample: {enabled: false, words: [internal]}\n", true},
		{"an unknown key in it", "version: 1\nexample: {wordz: [internal]}\n", false},
		{"a wrong type in it", "version: 1\nexample: {words: internal}\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, perr := config.Parse("test.yml", []byte(c.doc))
			serr := s.Validate(instance(t, []byte(c.doc)))
			if (perr == nil) != c.valid || (serr == nil) != c.valid {
				t.Errorf("config.Parse: %v; schema: %v; want valid = %v", perr, serr, c.valid)
			}
		})
	}
}

// TestGatehouseChecksArePublished keeps schema/security.schema.json, which
// editors fetch, complete: each of Gatehouse's own checks' sections is in it.
// A new check's registration carries its section's schema; copy it under
// "properties" in the file.
func TestGatehouseChecksArePublished(t *testing.T) {
	for _, r := range all.Registrations {
		t.Run(r.Name, func(t *testing.T) {
			published := schema.Section(r.Name)
			if published == nil {
				t.Fatalf("security.schema.json has no %q section; add its registration's schema:\n%s", r.Name, r.Schema)
			}
			var a, b any
			if json.Unmarshal(published, &a) != nil || json.Unmarshal(r.Schema, &b) != nil || !reflect.DeepEqual(a, b) {
				t.Errorf("security.schema.json's %q section differs from the check's registered schema", r.Name)
			}
		})
	}
	if strings.Contains(string(schema.Section(exampleName)), "words") {
		t.Error("a test-only check reached the published file")
	}
}
