package server_test

import (
	"bytes"
	"io"
	"testing"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// newEnvB builds the end-to-end environment for a benchmark.
func newEnvB(b *testing.B, opts ...envOption) *env {
	b.Helper()
	return newEnvTB(b, opts...)
}
