package secrets

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct {
		name, secret, want string
	}{
		{"token shows its prefix and length", "ghp_" + strings.Repeat("a1", 18), "ghp_…(40 chars)"},
		{"short secret shows a quarter", "Hunter2!", "Hu…(8 chars)"},
		{"tiny secret shows nothing", "abc", "…(3 chars)"},
		{"characters that break Markdown are replaced", "a`|b" + strings.Repeat("z", 20), "a••b…(24 chars)"},
		{"newline is replaced", "-\n--" + strings.Repeat("k", 30), "-•--…(34 chars)"},
		{"runes, not bytes", "pässwörd-ünïcödé", "päss…(16 chars)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mask(tt.secret)
			if got != tt.want {
				t.Errorf("Mask = %q, want %q", got, tt.want)
			}
			shown := []rune(strings.Split(got, "…")[0])
			if len(shown) > 4 {
				t.Errorf("shows %d characters", len(shown))
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	a := Fingerprint("github-pat", "one-secret-value")
	if a != Fingerprint("github-pat", "one-secret-value") {
		t.Errorf("not stable")
	}
	if !strings.HasPrefix(a, "github-pat:") || len(a) != len("github-pat:")+16 || strings.Trim(a[len("github-pat:"):], "0123456789abcdef") != "" {
		t.Errorf("fingerprint %q is not rule id, colon, 16 hex digits", a)
	}
	if a == Fingerprint("github-pat", "another-value") || a == Fingerprint("jwt", "one-secret-value") {
		t.Errorf("different secret or rule gave the same fingerprint")
	}
}
