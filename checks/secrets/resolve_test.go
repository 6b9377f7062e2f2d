package secrets

import (
	"slices"
	"testing"
)

// The same secret can be found twice at one place: as written, and again in
// decoded text (a private key with a base64 line gitleaks decodes). Which copy
// is reported must not depend on the order the workers finished in: the
// report, and the check run's content hash, would change between re-runs.
func TestResolvePrefersTheWrittenCopy(t *testing.T) {
	plain := located{hit: hit{rule: "private-key", fingerprint: "private-key:aa", startLine: 48, endLine: 63}, path: "k.pem", commit: finalDiff}
	decoded := plain
	decoded.encoding, decoded.endLine = "base64", 48
	intro := plain
	intro.commit = 0
	tests := []struct {
		name  string
		found []located
	}{
		{"written copy first", []located{plain, decoded, intro}},
		{"decoded copy first", []located{decoded, plain, intro}},
		{"commit first", []located{intro, decoded, plain}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolve(slices.Clone(tt.found), true, nil)
			if len(got) != 1 {
				t.Fatalf("want one secret, got %d", len(got))
			}
			s := got[0]
			if s.at.encoding != "" || s.at.endLine != 63 || s.at.commit != finalDiff || s.introduced != 0 || s.gone {
				t.Errorf("reported %+v (introduced %d, gone %v), want the written copy at the head, lines 48-63, from commit 0", s.at, s.introduced, s.gone)
			}
		})
	}
}
