package secrets

import (
	"regexp"
	"strings"
)

// Rule ids of the engine's own rules, filling gaps in gitleaks' defaults.
const (
	ruleURLCredentials     = "url-credentials"
	rulePasswordAssignment = "password-assignment"
)

// lineRule is one of the engine's own rules. Both are single-line by nature,
// so instead of running through gitleaks over whole fragments (measured: as
// a gitleaks rule, the password rule alone added a quarter to the scan of
// code full of "password") they run on the lines holding a keyword only, with
// the standard regexp package, and a Go check rejects what a regex cannot
// describe as a placeholder (user == password).
type lineRule struct {
	id, description string
	re              *regexp.Regexp
	// keywords are searched case-sensitively in each of their spellings.
	keywords []string
	// at, if set, tells whether an occurrence of a keyword at raw[i:] counts.
	at func(raw string, i int) bool
	// gate, if set, is a cheap test a whole fragment must pass first.
	gate func(raw string) bool
	// candidate is a cheap test a line must pass before the regex runs on it.
	candidate func(line string) bool
	// group is the regex group holding the secret; 0: the first non-empty one.
	group int
	// real reports whether the match is a credential rather than a
	// placeholder, a code expression or ciphertext.
	real func(c lineMatch) bool
}

// lineMatch is what a line rule's check sees of one match.
type lineMatch struct {
	secret, match string
	// line is the whole line, path the file's path ("" for the pull
	// request's text): whether an unquoted name is code depends on both.
	line, path string
	// start and end are the secret's byte offsets in line.
	start, end int
	// above is the text of the contextReach lines before line.
	above string
}

var passwordKeywords = spellings("pass", "pwd")

var lineRules = []*lineRule{
	{
		// scheme://user:pass@host. The password is the secret; the user may be
		// empty (redis://:pass@host). The scheme does not change whether it is
		// a credential, so the regex starts at "://".
		id:          ruleURLCredentials,
		description: "Credentials embedded in a URL (scheme://user:password@host) give anyone who reads the URL that account's access.",
		re: regexp.MustCompile(`://([^\s:/?#@'"\x60<>\\]{0,128}):` +
			`([^\s/@'"\x60<>\\]{3,256})@` +
			`([a-zA-Z0-9_](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9_])?|\[[0-9a-fA-F:.]+\])`),
		keywords:  []string{"://"},
		candidate: urlCandidate,
		group:     2,
		real:      realURLCredentials,
	},
	{
		// password = "S3cr3t!pa$$w0rd#": gitleaks' generic rule only takes values
		// of [\w.=-], so a password with punctuation slips through it. The
		// regex starts at the keyword: db_password and adminPassword match from
		// "password" on, and "bypass" is not a name ending in "pass".
		id:          rulePasswordAssignment,
		description: "Hard-coded password assigned in code or configuration.",
		re: regexp.MustCompile(`(?i)(?:passw(?:or)?d|passphrase|pwd|(?:\b|_)pass)` +
			`["']?[ \t]{0,5}(?:=|:=|:|=>|\?=)[ \t]{0,5}` +
			`(?:"([^"\s]{8,128})"|'([^'\s]{8,128})'|\x60([^\x60\s]{8,128})\x60|([^\s"'\x60,;)\]}]{8,128}))`),
		keywords:  passwordKeywords,
		candidate: passwordCandidate,
		real:      realPassword,
	},
}

// urlCandidate: a "://" followed, in the same token, by ':' and '@'.
func urlCandidate(line string) bool {
	for off := 0; ; {
		i := strings.Index(line[off:], "://")
		if i < 0 {
			return false
		}
		rest := line[off+i+3:]
		if end := strings.IndexAny(rest, " \t\"'`"); end >= 0 {
			rest = rest[:end]
		}
		if c := strings.IndexByte(rest, ':'); c >= 0 && strings.IndexByte(rest[c:], '@') >= 0 {
			return true
		}
		off += i + 3
	}
}

// passwordCandidate: a keyword followed, after the rest of its word, an
// optional quote and blanks, by an assignment.
func passwordCandidate(line string) bool {
	for _, k := range passwordKeywords {
		for off := 0; ; {
			i := strings.Index(line[off:], k)
			if i < 0 {
				break
			}
			rest := strings.TrimLeftFunc(line[off+i+len(k):], isASCIILetter)
			if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
				rest = rest[1:]
			}
			rest = strings.TrimLeft(rest, " \t")
			if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "?=") {
				return true
			}
			off += i + len(k)
		}
	}
	return false
}

func isASCIILetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

// spellings are the ways code writes a keyword: pass, PASS, Pass.
func spellings(words ...string) []string {
	var out []string
	for _, w := range words {
		out = append(out, w, strings.ToUpper(w), strings.ToUpper(w[:1])+w[1:])
	}
	return out
}

func isExtraRule(id string) bool {
	for _, r := range lineRules {
		if r.id == id {
			return true
		}
	}
	return false
}
