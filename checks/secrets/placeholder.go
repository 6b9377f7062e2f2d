package secrets

import (
	"strings"
)

// placeholderWords are values that stand for a credential in documentation,
// templates and tests; compared after lower-casing and dropping everything
// but letters and digits.
var placeholderWords = map[string]bool{}

func init() {
	for _, w := range []string{
		"password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "apikey", "key",
		"changeme", "changeit", "change", "example", "sample", "dummy", "fake", "test", "testing",
		"placeholder", "redacted", "hidden", "masked", "removed", "notasecret", "none", "null",
		"nil", "undefined", "empty", "default", "foo", "bar", "baz", "foobar", "user", "username",
		"admin", "root", "guest", "login", "xxx", "todo", "fixme", "insert", "enter", "value",
		"credentials", "credential", "hunter2", "letmein", "qwerty", "123456", "12345678",
		"password1", "password123", "secret123", "pass123", "admin123", "mysql", "postgres",
	} {
		placeholderWords[w] = true
	}
}

// isPlaceholder reports whether a value stands for a credential rather than
// being one: template and environment references, <angle> and [bracket]
// stand-ins, repeated characters and the usual words.
func isPlaceholder(s string) bool {
	if s == "" {
		return true
	}
	switch {
	case isVarReference(s),
		strings.HasPrefix(s, "{{") || strings.HasPrefix(s, "{%") || strings.HasPrefix(s, "#{"),
		strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"),
		strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"),
		strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}"),
		s == "%s" || strings.HasPrefix(s, "%(") || (strings.HasPrefix(s, "%") && strings.HasSuffix(s, "%")),
		strings.HasPrefix(s, "@") && strings.HasSuffix(s, "@"),
		strings.HasPrefix(s, "__") && strings.HasSuffix(s, "__"):
		return true
	}
	norm := normalizeWord(s)
	if norm == "" || repeated(norm) {
		return true
	}
	if placeholderWords[norm] {
		return true
	}
	// your_password, my-secret, example_token, db_pass, password_here.
	for _, pre := range []string{"your", "my", "the", "some", "example", "sample", "dummy", "fake", "test", "db", "database", "admin", "user", "app"} {
		if rest, ok := strings.CutPrefix(norm, pre); ok && placeholderWords[trimHere(rest)] {
			return true
		}
	}
	return placeholderWords[trimHere(norm)] || placeholderWords[unleet(s)]
}

// isVarReference matches $VAR, ${VAR}, ${VAR:-default}, $(command) and $1,
// not a password that merely starts with a dollar sign.
func isVarReference(s string) bool {
	rest, ok := strings.CutPrefix(s, "$")
	switch {
	case !ok || rest == "":
		return false
	case rest[0] == '{' && strings.HasSuffix(rest, "}"), rest[0] == '(' && strings.HasSuffix(rest, ")"):
		return true
	}
	return isIdentifier(rest) || strings.Trim(rest, "0123456789") == ""
}

// unleet undoes the usual letter-for-symbol swaps of a documentation password
// (P@ssw0rd, Ch4ngeMe!) after dropping a trailing run of digits and symbols.
func unleet(s string) string {
	s = strings.TrimRightFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' })
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '@', '4':
			r = 'a'
		case '0':
			r = 'o'
		case '1', '!':
			r = 'i'
		case '3':
			r = 'e'
		case '$', '5':
			r = 's'
		case '7':
			r = 't'
		}
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func trimHere(s string) string {
	s = strings.TrimSuffix(s, "goeshere")
	return strings.TrimSuffix(s, "here")
}

// normalizeWord lower-cases s and keeps letters and digits.
func normalizeWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// repeated is a value of one character repeated: xxxxxxxx, 00000000.
func repeated(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}
