package secrets

import (
	"strings"
	"unicode/utf8"
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

// examplePasswords are passwords that documentation, tutorials and default
// configurations print for the reader to replace, compared lower-cased (and,
// in a URL, percent-decoded: P%40ssw0rd!). The leet forms of the usual words
// are caught by unleet; these are the ones it cannot undo.
var examplePasswords = map[string]bool{
	"p@ssw0rd!": true, "p@ssw0rd1": true, "p@ssw0rd123": true, "p@ssword1": true, "p@55w0rd": true, "pa$$w0rd": true,
	"passw0rd!": true, "password1!": true, "password123!": true, "passw0rd123": true, "welcome1": true,
	"welcome123": true, "welcome123!": true, "admin@123": true, "admin123!": true, "letmein123": true,
	"qwerty123": true, "abc12345": true, "iloveyou1": true, "trustno1": true, "monkey123": true,
	"sup3rs3cr3t": true, "supersecret1": true, "mysecretpassword": true, "s3cr3tp@ss": true,
	"correcthorsebatterystaple": true, "correct-horse-battery-staple": true, "tr0ub4dor&3": true,
	"yourstrong(!)password": true, "yourstrongpassw0rd": true, "yourstrong!passw0rd": true,
}

// isPlaceholder reports whether a value stands for a credential rather than
// being one: template and environment references, <angle> and [bracket]
// stand-ins, padding (AP6xxxxxxxx, ****), repeated or sequential characters
// (abcd1234), well-known example passwords and the usual words.
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
	if examplePasswords[strings.ToLower(s)] || isPadded(s) {
		return true
	}
	norm := normalizeWord(s)
	if norm == "" || repeated(norm) || isSequential(norm) {
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

// isPadded reports a value filled out with a mask character, as
// documentation shortens a key to its prefix (AP6xxxxxxxx, sk-****, 1234....):
// a run of four x, X, *, #, . or bullets over a quarter of the value, or of
// six of any one character over a third of it. Base64 of binary data has runs
// of A (zero bytes) inside a long value; those are not padding.
func isPadded(s string) bool {
	n := utf8.RuneCountInString(s)
	run, last := 0, rune(-1)
	for _, r := range s {
		if r == last {
			run++
		} else {
			run, last = 1, r
		}
		switch {
		case run >= 4 && 4*run >= n && strings.ContainsRune("xX*#.•", r), run >= 6 && 3*run >= n:
			return true
		}
	}
	return false
}

// isSequential reports a normalized value of at least eight characters of
// which three quarters of the neighbours step by one (abcd1234, 12345678,
// abcdefgh): keyboard filler, not a generated secret.
func isSequential(s string) bool {
	if len(s) < 8 {
		return false
	}
	steps := 0
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1]+1 {
			steps++
		}
	}
	return 4*steps >= 3*(len(s)-1)
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
