package secrets

import "strings"

// genericPattern is gitleaks' generic-api-key pattern that genericMay was
// written for; with any other pattern (a newer gitleaks, a policy's rule of
// that id) every window runs.
const genericPattern = `(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|credential|creds|key|passw(?:or)?d|secret|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|\\[nr]|$)`

// genericWords are the pattern's keywords, lower-cased, by first letter;
// genericPairs has the bits of their first two bytes in either case (see
// addPair).
var genericWords, genericPairs = func() (t [256][]string, pairs *[1 << 10]uint64) {
	pairs = new([1 << 10]uint64)
	for _, w := range []string{"access", "auth", "api", "credential", "creds", "key", "passwd", "password", "secret", "token"} {
		t[w[0]] = append(t[w[0]], w)
		addPair(pairs, w)
	}
	return t, pairs
}()

// genericMay reports whether the generic pattern may match in text: whether
// some keyword, in any case, is followed by at most 20 name characters
// [ \t\w.-] and 3 blanks or quotes, an operator, at most 8 more operator
// characters, blanks, quotes or equals signs, and a run of at least 10 value
// characters [\w.=+/-] that ends the text or is followed by a terminator
// (blank, quote, backquote, semicolon, backslash). That is what every match
// holds, read more loosely; so where it is false the pattern has no match,
// and the window need not run. Text holding a byte from 0x80 up may hold
// case-folded letters (the Kelvin sign, the long s) and always runs.
func genericMay(text string) bool {
	if !isASCII(text) {
		return true
	}
	for i := 0; i+1 < len(text); i++ {
		if q := int(text[i])<<8 | int(text[i+1]); genericPairs[q/64]&(1<<(q%64)) == 0 {
			continue
		}
		for _, w := range genericWords[asciiLower[text[i]]] {
			if hasLowerPrefix(text[i:], w) && genericTailMay(text, i+len(w)) {
				return true
			}
		}
	}
	return false
}

// genericTailMay reports whether, from i (just after a keyword), text may
// continue as the generic pattern does.
func genericTailMay(text string, i int) bool {
	for t := 0; t <= 20 && i+t <= len(text); t++ {
		if t > 0 && !isNameChar(text[i+t-1]) {
			break
		}
		for s := 0; s <= 3 && i+t+s < len(text); s++ {
			q := i + t + s
			if s > 0 && !isBlankOrQuote(text[q-1]) {
				break
			}
			if strings.IndexByte("=>:|?,", text[q]) >= 0 && genericValueMay(text, q) {
				return true
			}
		}
	}
	return false
}

// genericValueMay reports whether, after the operator starting at q, a value
// may follow: within 9 characters of operators, blanks, quotes and equals
// signs, a run of 10 value characters ending the text or before a
// terminator.
func genericValueMay(text string, q int) bool {
	for r := q + 1; r <= q+9 && r <= len(text); r++ {
		if r > q+1 && strings.IndexByte("=>:|?,`'\" \t\n\r\f\v", text[r-1]) < 0 {
			return false
		}
		n := runLen(text[r:], isValueChar)
		if n >= 10 && (r+n == len(text) || strings.IndexByte("`'\"; \t\n\r\f\v\\", text[r+n]) >= 0) {
			return true
		}
	}
	return false
}

func isNameChar(c byte) bool {
	return isAlnum(c) || c == '_' || c == '.' || c == '-' || c == ' ' || c == '\t'
}
func isBlankOrQuote(c byte) bool { return strings.IndexByte(" \t\n\r\f\v'\"", c) >= 0 }
func isValueChar(c byte) bool    { return isAlnum(c) || strings.IndexByte("_.=+/-", c) >= 0 }
