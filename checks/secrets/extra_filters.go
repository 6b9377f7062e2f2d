package secrets

import "strings"

// realURLCredentials rejects documentation URLs: a placeholder password, the
// user repeated as password (postgres:postgres), a placeholder user with a
// word for password, and example hosts. The password is judged as written
// and percent-decoded (P%40ssw0rd is P@ssw0rd).
func realURLCredentials(c lineMatch) bool {
	secret := c.secret
	rest := strings.TrimPrefix(c.match, "://")
	user, _, _ := strings.Cut(rest, ":")
	host := strings.ToLower(rest[strings.LastIndexByte(rest, '@')+1:])
	decoded := percentDecoded(secret)
	if strings.EqualFold(user, secret) || strings.EqualFold(user, decoded) || isPlaceholder(secret) || isPlaceholder(decoded) {
		return false
	}
	if isPlaceholder(user) && (looksLikeWord(decoded) || isPlaceholderHost(host)) {
		return false
	}
	return !isPlaceholderHost(host)
}

// realPassword rejects placeholders, ciphertext, version ranges and code
// (calls, indexing, attribute paths, names); what is left must look like a
// password: a digit and at least three of lower case, upper case, digits and
// symbols.
func realPassword(c lineMatch) bool {
	secret := c.secret
	if isPlaceholder(secret) || isPlaceholder(percentDecoded(secret)) || isCiphertext(secret) {
		return false
	}
	lower := strings.ToLower(secret)
	for _, w := range []string{"passw", "example", "changeme", "placeholder", "redacted"} {
		if strings.Contains(lower, w) {
			return false
		}
	}
	if isCodeExpression(c) || isVersionSpec(secret) {
		return false
	}
	// Natural words and identifiers are not passwords; a password policy's
	// shape is: a digit and at least three character classes.
	var lower1, upper, digit, other bool
	for _, r := range secret {
		switch {
		case r >= 'a' && r <= 'z':
			lower1 = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower1, upper, digit, other} {
		if b {
			classes++
		}
	}
	return digit && classes >= 3
}

// realGeneric rejects, for gitleaks' generic rule only, values that are
// padding or keyboard filler (api_key: AP6xxxxxxxx, abcd1234efgh5678) and
// lines it misreads: a Go module checksum, a gradle.lockfile entry
// (log4j-api:2.19.0=spotbugs). Provider rules are never filtered this way.
func realGeneric(secret, line string) bool {
	return !isModuleChecksum(line) && !isGradleLockEntry(line) && !isPadded(secret) && !isSequential(normalizeWord(secret))
}

// isDottedIdentifier matches config.db.password, self.password, os.environ.
func isDottedIdentifier(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || !isIdentifier(part) {
			return false
		}
	}
	return true
}

func isIdentifier(s string) bool {
	for i, r := range s {
		letter := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

// looksLikeWord is a value made of letters only: "password", "secret".
func looksLikeWord(s string) bool {
	for _, r := range s {
		if !((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			return false
		}
	}
	return true
}

func isPlaceholderHost(host string) bool {
	host = strings.TrimSuffix(host, ".")
	for _, d := range []string{"example.com", "example.org", "example.net", "example", "test", "invalid", "host", "hostname", "server", "domain", "your-host", "yourhost"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}
