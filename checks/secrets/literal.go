package secrets

import (
	"net/url"
	"path"
	"regexp"
	"strings"
)

// codeExtensions are languages in which an unquoted name after "password ="
// is a variable, not the password: in a .env, YAML or shell file the same
// text is a literal value.
var codeExtensions = map[string]bool{
	".go": true, ".py": true, ".js": true, ".jsx": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true,
	".java": true, ".kt": true, ".kts": true, ".scala": true, ".groovy": true, ".rb": true, ".php": true,
	".cs": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".hpp": true, ".rs": true, ".swift": true,
	".m": true, ".dart": true, ".lua": true, ".pl": true, ".ex": true, ".exs": true, ".vue": true, ".svelte": true,
}

// codeAccess is a name or a path of names (os.environ, self->db, Cfg::pw)
// followed by a call or an index: os.getenv(, matches[1].
var codeAccess = regexp.MustCompile(`^[&*!]?[A-Za-z_]\w*(?:(?:\.|->|::)[A-Za-z_]\w*)*[(\[]`)

// isCodeExpression reports whether a line rule's value is code rather than
// a literal: a call or an index (password := matches[1]), an attribute path
// (self.password), or an unquoted name where the language makes it a
// variable (Password: no2FaPass, in Go). A quoted value is a literal.
func isCodeExpression(c lineMatch) bool {
	s := c.secret
	if isDottedIdentifier(s) {
		return true
	}
	if quoted(c) {
		return false
	}
	if codeAccess.MatchString(s) {
		return true
	}
	if !isIdentifier(strings.TrimLeft(s, "&*!")) {
		return false
	}
	if codeExtensions[strings.ToLower(path.Ext(c.path))] {
		return true
	}
	// A name followed by a separator or assigned with := is code in any file.
	after := strings.TrimLeft(c.line[c.end:], " \t")
	before := strings.TrimRight(c.line[:c.start], " \t")
	return strings.HasPrefix(after, ",") || strings.HasPrefix(after, ";") || strings.HasPrefix(after, ")") ||
		strings.HasSuffix(before, ":=")
}

// quoted reports whether the value is written between quotes.
func quoted(c lineMatch) bool {
	return c.start > 0 && strings.IndexByte("\"'`", c.line[c.start-1]) >= 0
}

// vaultTransit is HashiCorp Vault's transit ciphertext: vault:v1:base64.
var vaultTransit = regexp.MustCompile(`^vault:v[0-9]+:`)

// isCiphertext reports whether a value is encrypted rather than a secret
// in the clear: SOPS (ENC[AES256_GCM,...], whatever the key: age, PGP, KMS),
// Vault transit, Ansible Vault, an age or PGP armoured message.
func isCiphertext(s string) bool {
	return strings.HasPrefix(s, "ENC[") || vaultTransit.MatchString(s) ||
		strings.HasPrefix(s, "$ANSIBLE_VAULT;") || strings.HasPrefix(s, "!vault") ||
		strings.Contains(s, "AGE ENCRYPTED FILE") || strings.Contains(s, "PGP MESSAGE")
}

// versionSpec is a package version or range as lockfiles and manifests write
// it: npm:^1.0.0 (yarn's parse-passwd entry), ~2.1, >=1.2.3-rc.1, workspace:*.
// A bare number needs a dot, or a prefix or operator, to be a version: a
// password such as 2024-Summerx is a number, a dash and letters too.
var versionSpec = regexp.MustCompile(`^(?:(?:npm|workspace|patch|portal|link|file):)?(?:@?[\w./-]+@)?` +
	`(?:[\^~<>=]+v?[0-9]+(?:\.(?:[0-9]+|x|\*))*|v?[0-9]+(?:\.(?:[0-9]+|x|\*))+)(?:-[\w.]+)?(?:\+[\w.]+)?$`)

func isVersionSpec(s string) bool {
	return versionSpec.MatchString(s) || s == "workspace:*" || s == "workspace:^" || s == "workspace:~"
}

// gradleLockEntry is a line of a gradle.lockfile: group:artifact:version=
// configurations. Its artifact names (log4j-api) hold generic-api-key's
// keywords and its versions look like values to it.
var gradleLockEntry = regexp.MustCompile(`^[\w.-]+:[\w.-]+:[\w.+-]+=[\w,-]*$`)

func isGradleLockEntry(line string) bool {
	return gradleLockEntry.MatchString(strings.TrimSpace(line))
}

// percentDecoded is s with %XX escapes decoded, or s when it has none or
// they are not valid.
func percentDecoded(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	d, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return d
}
