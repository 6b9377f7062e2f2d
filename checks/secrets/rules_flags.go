package secrets

import (
	"math"
	"path"
	"regexp"
	"strings"
)

// Rule ids of the engine's rules for credentials passed on a command line,
// in an HTTP header, or as a legacy Vault token.
const (
	ruleCLIFlag    = "cli-credential-flag"
	ruleAuthHeader = "authorization-header"
	ruleVaultToken = "vault-legacy-token"
)

// flagRules find what real shell scripts, Dockerfiles, Makefiles and code
// pass to a tool: --token …, --api-key …, docker login -u … -p …, and
// "Authorization: Bot …" (Discord), "Bearer …", "token …" headers.
var flagRules = []*lineRule{
	{
		id:          ruleCLIFlag,
		description: "Credential passed as a command-line flag: it is kept in the file, in shell history and in the process list.",
		re: regexp.MustCompile(`(?:^|[\s"'(\[,])(?:--?(?:[a-z0-9]+-)*(?:token|api-?key|apikey|password|passwd|pass|secret)|-p)` +
			`(?:[ \t]+|=)(?:"([^"\s]{8,256})"|'([^'\s]{8,256})'|([^\s"'\x60;|&)<>]{8,256}))`),
		keywords:  []string{"-"},
		at:        isCredentialFlag,
		candidate: flagCandidate,
		real:      realFlagValue,
	},
	{
		id:          ruleAuthHeader,
		description: "Credential in an HTTP Authorization header (Bot, Bearer or token scheme).",
		re: regexp.MustCompile(`(?i:authorization)["']?[ \t]*[:=,][ \t]*["'\x60]?(?i:bot|bearer|token)[ \t]+` +
			`([A-Za-z0-9._~+/-]{16,512}=*)`),
		keywords:  []string{"uthorization", "UTHORIZATION"}, // Authorization, authorization, AUTHORIZATION
		candidate: func(string) bool { return true },
		group:     1,
		real:      realHeaderValue,
	},
	{
		// Vault before 1.10 issued service tokens "s." + 24 characters, with
		// ".namespace" in Enterprise namespaces. gitleaks' vault-service-token
		// takes neither a namespaced token nor one of letters only; in a
		// Vault context (VAULT_TOKEN=, vault login, X-Vault-Token) they are
		// tokens all the same.
		id:          ruleVaultToken,
		description: "HashiCorp Vault service token (legacy s. format) where Vault is named.",
		re:          regexp.MustCompile(`\b(s\.[A-Za-z0-9]{24}(?:\.[A-Za-z0-9]{5})?)\b`),
		keywords:    []string{"s."},
		gate:        func(raw string) bool { return mentionsVault(raw) && runAfter(raw, "s.", 24, isAlnum) },
		candidate:   func(line string) bool { return runAfter(line, "s.", 24, isAlnum) },
		group:       1,
		real:        realVaultToken,
	},
}

func init() { lineRules = append(lineRules, flagRules...) }

// isCredentialFlag reports whether the '-' at raw[i] starts a flag that
// may take a credential: -p, or a flag naming a token, key, password or
// secret. One pass over the dashes of a text costs less than one search per
// flag name.
func isCredentialFlag(raw string, i int) bool {
	if i > 0 && strings.IndexByte(" \t\"'([,", raw[i-1]) < 0 {
		return false
	}
	j := i + 1
	if j < len(raw) && raw[j] == '-' {
		j++
	}
	k := j
	for k < len(raw) && k-j < 40 && (isAlnum(raw[k]) || raw[k] == '-') {
		k++
	}
	word := raw[j:k]
	if word == "p" {
		return k < len(raw) && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '=')
	}
	return k < len(raw) && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '=') &&
		(strings.Contains(word, "token") || strings.Contains(word, "key") || strings.Contains(word, "pass") || strings.Contains(word, "secret"))
}

// realFlagValue: a password flag takes what a password assignment takes
// (and -p only next to a login: -p is a port or "parents" elsewhere); a
// token flag a value that looks generated. Neither takes a file's path.
func realFlagValue(c lineMatch) bool {
	s := c.secret
	if isPlaceholder(s) || isCiphertext(s) || isFilePath(s) || strings.HasPrefix(s, "-") {
		return false
	}
	flag := strings.TrimLeft(c.match, " \t\"'([,")
	if end := strings.IndexAny(flag, " \t="); end >= 0 {
		flag = flag[:end]
	}
	switch {
	case flag == "-p":
		return isLogin(c.line) && realPassword(c)
	case strings.Contains(flag, "pass"):
		return realPassword(c)
	}
	return looksGenerated(s)
}

// flagCandidate: a flag naming a credential, or -p on a login's line.
func flagCandidate(line string) bool {
	return strings.Contains(line, "token") || strings.Contains(line, "key") || strings.Contains(line, "pass") ||
		strings.Contains(line, "secret") || isLogin(line)
}

// isLogin reports a command line that logs in with a user and a password:
// docker login -u x -p y, mysql -u x -p y, sshpass -p y.
func isLogin(line string) bool {
	return strings.Contains(line, "login") || strings.Contains(line, " -u ") || strings.Contains(line, "--user") ||
		strings.Contains(line, "sshpass") || strings.Contains(line, "mysql")
}

// realHeaderValue: a header's credential is not a placeholder and looks
// generated.
func realHeaderValue(c lineMatch) bool {
	return !isPlaceholder(c.secret) && looksGenerated(c.secret)
}

// realVaultToken: Vault must be named. This rule only adds to gitleaks'
// vault-service-token, which still reports what it matches; what it adds
// beyond it, tokens of letters only, excludes runs of one letter or of the
// alphabet (s.ABCDEFGHIJKLMNOPQRSTUVWX in a test).
func realVaultToken(c lineMatch) bool {
	body := c.secret[2:26]
	if looksLikeWord(body) && (repeated(body) || isSequential(strings.ToLower(body))) {
		return false
	}
	return mentionsVault(c.line) || mentionsVault(c.above)
}

func mentionsVault(s string) bool {
	return strings.Contains(s, "vault") || strings.Contains(s, "Vault") || strings.Contains(s, "VAULT")
}

// looksGenerated: at least 16 characters, a digit, and the Shannon entropy
// of gitleaks' generic rule (3.5 bits per character).
func looksGenerated(s string) bool {
	return len(s) >= 16 && strings.ContainsAny(s, "0123456789") && entropy(s) >= 3.5 && !isPadded(s)
}

func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	for _, n := range counts {
		if n > 0 {
			p := float64(n) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}

// fileExtensions are what a flag's value ends with when it names a file
// holding the credential rather than the credential.
var fileExtensions = map[string]bool{".pem": true, ".key": true, ".crt": true, ".json": true, ".txt": true,
	".p12": true, ".pfx": true, ".yaml": true, ".yml": true, ".env": true, ".cfg": true, ".conf": true,
	".ini": true, ".gpg": true, ".asc": true, ".jks": true, ".token": true}

func isFilePath(s string) bool {
	for _, p := range []string{"/", "./", "../", "~/", "@"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return fileExtensions[strings.ToLower(path.Ext(s))]
}
