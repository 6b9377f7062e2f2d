// Package schematest validates JSON documents against JSON Schemas in tests:
// Gatehouse's own schemas and the vendored SARIF 2.1.0 schema.
package schematest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/gatehouse-sec/gatehouse/schema"
)

// Compile compiles a JSON Schema document; name identifies it in errors.
func Compile(t testing.TB, name string, schemaJSON []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

// Validate checks a JSON document against a compiled schema.
func Validate(s *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// ScanOutput is the compiled schema of `gatehouse scan --format json`.
func ScanOutput(t testing.TB) *jsonschema.Schema {
	t.Helper()
	return Compile(t, "scan-output.schema.json", schema.ScanOutput())
}

// SARIF is the compiled SARIF 2.1.0 schema vendored in schema/testdata (see
// the README there for its source).
func SARIF(t testing.TB) *jsonschema.Schema {
	t.Helper()
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the vendored SARIF schema")
	}
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "testdata", "sarif-2.1.0-rtm.5.json"))
	if err != nil {
		t.Fatal(err)
	}
	return Compile(t, "sarif-2.1.0-rtm.5.json", b)
}
