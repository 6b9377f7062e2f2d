// Package schema holds the JSON Schemas Gatehouse publishes, so that editors,
// CI jobs and other tools can check what Gatehouse reads and writes:
//
//   - security.schema.json: the .security.yml policy (draft 2020-12). An
//     editor with the YAML language server picks it up from a first-line
//     comment: # yaml-language-server: $schema=<URL of the file>
//   - scan-output.schema.json: the report of `gatehouse scan --format json`.
//
// Each check's section of the policy schema is part of its registration
// (checks.Registration.Schema); Gatehouse's own checks take theirs from the
// published file. The schema is kept in step with the Go types of package
// config and of every registered section by this package's tests; gatehouse
// check-config remains the authority (it also checks globs, regexes and SPDX
// ids, which a schema cannot).
package schema

import (
	_ "embed"
	"encoding/json"

	"github.com/gatehouse-sec/gatehouse/checks"
)

//go:embed security.schema.json
var security []byte

//go:embed scan-output.schema.json
var scanOutput []byte

// Security returns the JSON Schema of .security.yml: the published file,
// plus the section of every registered check the file does not have yet (a
// check of this build only; a test keeps Gatehouse's own checks published).
func Security() []byte {
	var extra []checks.Registration
	for _, r := range checks.Registered() {
		if r.Schema != nil && Section(r.Name) == nil {
			extra = append(extra, r)
		}
	}
	if len(extra) == 0 {
		return append([]byte(nil), security...)
	}
	var doc map[string]any
	if err := json.Unmarshal(security, &doc); err != nil {
		panic("schema: security.schema.json is not JSON: " + err.Error())
	}
	props := doc["properties"].(map[string]any)
	for _, r := range extra {
		var v any
		if err := json.Unmarshal(r.Schema, &v); err != nil {
			panic("schema: the " + r.Name + " check's schema is not JSON: " + err.Error()) // checks.Register refuses it
		}
		props[r.Name] = v
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic("schema: " + err.Error())
	}
	return out
}

// ScanOutput returns the JSON Schema of the scan report (--format json).
func ScanOutput() []byte { return append([]byte(nil), scanOutput...) }

// Section returns the published schema of one .security.yml section (nil
// when the file has none), for the registration of the check that owns it.
func Section(name string) json.RawMessage {
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(security, &doc); err != nil {
		panic("schema: security.schema.json is not JSON: " + err.Error())
	}
	return doc.Properties[name]
}
