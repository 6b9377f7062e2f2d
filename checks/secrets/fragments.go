package secrets

import (
	"bytes"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// sniffLen is how much of a file is read to tell text from binary, as git does.
const sniffLen = 8000

// isText reports whether content looks like text: no NUL byte in its first
// 8000 bytes.
func isText(content []byte) bool {
	return bytes.IndexByte(content[:min(len(content), sniffLen)], 0) < 0
}

// joinLines builds one gitleaks fragment from a run of consecutive added lines.
func joinLines(run []checks.Line) string {
	n := len(run)
	for _, l := range run {
		n += len(l.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for i, l := range run {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	}
	return b.String()
}
