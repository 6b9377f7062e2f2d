package secrets

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
)

// examplesFile lists published documentation examples and test vectors by
// the SHA-256 of their value (see the file's header). Values are recognised
// exactly, never by shape, so that a real token of a provider's format is
// never taken for an example; and a file is never skipped by its name: a
// real key in a test file is still a leak.
//
//go:embed examples.txt
var examplesFile string

// exampleKind says where a known value is not a finding.
type exampleKind int

const (
	anywhere    exampleKind = iota + 1 // a documentation example
	inTestsOnly                        // a test vector
)

var knownExamples = mustParseExamples(examplesFile)

func mustParseExamples(text string) map[[sha256.Size]byte]exampleKind {
	m, err := parseExamples(text)
	if err != nil {
		panic(err) // the file is embedded: a test catches this before a build ships
	}
	return m
}

func parseExamples(text string) (map[[sha256.Size]byte]exampleKind, error) {
	m := map[[sha256.Size]byte]exampleKind{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[2], "https://") {
			return nil, fmt.Errorf("examples.txt line %d: want a SHA-256, a kind, a source URL and a description", i+1)
		}
		b, err := hex.DecodeString(f[0])
		if err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("examples.txt line %d: %q is not a SHA-256 in hex", i+1, f[0])
		}
		var kind exampleKind
		switch f[1] {
		case "example":
			kind = anywhere
		case "vector":
			kind = inTestsOnly
		default:
			return nil, fmt.Errorf("examples.txt line %d: kind %q is neither example nor vector", i+1, f[1])
		}
		m[[sha256.Size]byte(b)] = kind
	}
	return m, nil
}

// isKnownExample reports whether secret, found in the file at p, is a
// published example, or a test vector in a test file.
func isKnownExample(secret, p string) bool {
	switch knownExamples[sha256.Sum256([]byte(secret))] {
	case anywhere:
		return true
	case inTestsOnly:
		return isTestPath(p)
	}
	return false
}

// testDirs are directories that hold tests and their data.
var testDirs = map[string]bool{"test": true, "tests": true, "testdata": true, "__tests__": true, "spec": true}

// isTestPath reports whether p is a test file by the usual conventions:
// foo_test.go, foo.test.ts, foo.spec.js, test_foo.py, or under test/,
// tests/, testdata/, __tests__/, spec/.
func isTestPath(p string) bool {
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case strings.HasSuffix(stem, "_test"), strings.HasSuffix(stem, "_spec"),
		strings.Contains(base, ".test."), strings.Contains(base, ".spec."),
		strings.HasPrefix(base, "test_") && path.Ext(base) == ".py":
		return true
	}
	for _, dir := range strings.Split(path.Dir(p), "/") {
		if testDirs[dir] {
			return true
		}
	}
	return false
}
