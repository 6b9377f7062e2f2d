package secrets

import (
	"strings"
)

// gatedRules maps gitleaks rules whose keywords are in most source text, so
// that gitleaks' keyword prefilter lets them run over nearly every fragment,
// to a cheap test that holds on any text the rule can match in: the rule
// runs on a fragment only where its test holds (see ruleSelection). A test
// must never be false where the regex matches: that would hide a secret.
// Together they were measured at about a tenth of a history scan's CPU, in
// fragments where their keyword ("s.", "sk", "ey") is common English or code.
var gatedRules = map[string]func(string) bool{
	// \b((?:hvs\.[\w-]{90,120}|s\.(?i:[a-z0-9]{24})))...
	"vault-service-token": func(s string) bool { return runAfter(s, "s.", 24, isWordOrDash) },
	// SK[0-9a-fA-F]{32}
	"twilio-api-key": func(s string) bool { return runAfter(s, "SK", 32, func(c byte) bool { return hexValue[c] != 0xff }) },
	// \b(ey[a-zA-Z0-9]{17,}\.ey...
	"jwt": mayBeJWT,
}

// runAfter reports whether some occurrence of lit in s is followed by at
// least n bytes for which ok holds.
func runAfter(s, lit string, n int, ok func(byte) bool) bool {
	for {
		i := strings.Index(s, lit)
		if i < 0 {
			return false
		}
		s = s[i+len(lit):]
		if runLen(s, ok) >= n {
			return true
		}
	}
}

// mayBeJWT reports whether s holds "ey", at least 17 letters or digits, and
// ".ey": the part of gitleaks' jwt pattern no other text has.
func mayBeJWT(s string) bool {
	for {
		i := strings.Index(s, "ey")
		if i < 0 {
			return false
		}
		s = s[i+2:]
		n := runLen(s, isAlnum)
		if n >= 17 && strings.HasPrefix(s[n:], ".ey") {
			return true
		}
	}
}

// runLen is how many leading bytes of s satisfy ok.
func runLen(s string, ok func(byte) bool) int {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return i
		}
	}
	return len(s)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isWordOrDash also takes any non-ASCII byte: under (?i) RE2's [a-z] matches
// the Kelvin sign and the long s.
func isWordOrDash(c byte) bool { return isAlnum(c) || c == '_' || c == '-' || c >= 0x80 }
