package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode"
)

// maxShown is the most characters of a secret any report shows.
const maxShown = 4

// Mask returns a preview of a secret safe to show anywhere: at most four
// leading characters (fewer for a short secret, never more than a quarter of
// it), an ellipsis and the length, e.g. "ghp_…(40 chars)". Characters that
// would break a Markdown code span or table, or a terminal, are shown as '•'.
func Mask(secret string) string {
	runes := []rune(secret)
	shown := min(maxShown, len(runes)/4)
	out := make([]rune, 0, shown+16)
	for _, r := range runes[:shown] {
		if !unicode.IsPrint(r) || r == '`' || r == '|' {
			r = '•'
		}
		out = append(out, r)
	}
	return string(out) + "…(" + strconv.Itoa(len(runes)) + " chars)"
}

// Fingerprint identifies a secret found by a rule: the rule id and the first
// 16 hex digits of the secret's SHA-256. It does not depend on where the
// secret is, so it survives line shifts and later commits, and it is what a
// repository lists under secrets.allow.fingerprints.
func Fingerprint(ruleID, secret string) string {
	return ruleID + ":" + secretHash(secret)
}

func secretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:8])
}
