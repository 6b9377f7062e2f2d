// Package schema holds the JSON Schemas Gatehouse publishes, so that editors,
// CI jobs and other tools can check what Gatehouse reads and writes:
//
//   - security.schema.json: the .security.yml policy (draft 2020-12). An
//     editor with the YAML language server picks it up from a first-line
//     comment: # yaml-language-server: $schema=<URL of the file>
//   - scan-output.schema.json: the report of `gatehouse scan --format json`.
//
// The policy schema is kept in step with the Go types of package config by
// this package's tests; gatehouse check-config remains the authority (it also
// checks globs, regexes and SPDX ids, which a schema cannot).
package schema

import _ "embed"

//go:embed security.schema.json
var security []byte

//go:embed scan-output.schema.json
var scanOutput []byte

// Security returns the JSON Schema of .security.yml.
func Security() []byte { return append([]byte(nil), security...) }

// ScanOutput returns the JSON Schema of the scan report (--format json).
func ScanOutput() []byte { return append([]byte(nil), scanOutput...) }
