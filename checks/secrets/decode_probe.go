package secrets

import "strings"

// mayDecode reports whether gitleaks' decoder could find anything to decode
// in s. When it cannot, a detector without decoding gives the same findings
// at a lower cost: the decoder's regex pass over every fragment was an eighth
// of the scan. The test is conservative: it says yes to every text in which
// gitleaks v8.30.1's decoder (detect/codec) finds a segment that decodes to
// something, because each of its encodings needs what is looked for here:
//   - percent: "%" and two hex digits;
//   - unicode: "U+" or "\u" and four hex digits;
//   - hex: a run of at least 32 hex digits, which decodes to printable ASCII
//     only if 16 pairs in a row do;
//   - base64: a run of at least 16 characters of the standard or the URL
//     alphabet, which decodes to printable ASCII only if four 4-character
//     quanta in a row do.
func mayDecode(s string) bool {
	if strings.IndexByte(s, '%') >= 0 && hasEscape(s, "%", 2) {
		return true
	}
	if (strings.Contains(s, "U+") && hasEscape(s, "U+", 4)) ||
		(strings.IndexByte(s, '\\') >= 0 && (hasEscape(s, `\u`, 4) || hasEscape(s, `\U`, 4))) {
		return true
	}
	// Every hex or base64 segment lies in a run of base64 characters (either
	// alphabet) of 16 or more: most text has none, and is passed over in one
	// tight loop.
	for i := 0; i < len(s); {
		if anyAlphabet[s[i]] == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && anyAlphabet[s[j]] != 0 {
			j++
		}
		if j-i >= 16 {
			run := s[i:j]
			if hexMayDecode(run) || base64MayDecode(run, &stdAlphabet) || base64MayDecode(run, &urlAlphabet) {
				return true
			}
		}
		i = j
	}
	return false
}

// hasEscape reports whether prefix occurs followed by n hex digits.
func hasEscape(s, prefix string, n int) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], prefix)
		if i < 0 {
			return false
		}
		p := off + i + len(prefix)
		k := 0
		for k < n && p+k < len(s) && hexValue[s[p+k]] != 0xff {
			k++
		}
		if k == n {
			return true
		}
		off = p
	}
}

// hexMayDecode looks, in every run of 32 or more hex digits and at both pair
// alignments, for 16 pairs in a row that are printable ASCII.
func hexMayDecode(s string) bool {
	for i := 0; i < len(s); {
		if hexValue[s[i]] == 0xff {
			i++
			continue
		}
		j := i
		for j < len(s) && hexValue[s[j]] != 0xff {
			j++
		}
		if j-i >= 32 {
			for align := i; align < i+2; align++ {
				run := 0
				for p := align; p+1 < j; p += 2 {
					if printable(hexValue[s[p]]<<4 | hexValue[s[p+1]]) {
						if run++; run == 16 {
							return true
						}
					} else {
						run = 0
					}
				}
			}
		}
		i = j
	}
	return false
}

// base64MayDecode looks, in every run of 16 or more characters of the
// alphabet and at all four quantum alignments, for four quanta in a row that
// decode to printable ASCII.
func base64MayDecode(s string, alphabet *[256]byte) bool {
	for i := 0; i < len(s); {
		if alphabet[s[i]] == 0xff {
			i++
			continue
		}
		j := i
		for j < len(s) && alphabet[s[j]] != 0xff {
			j++
		}
		if j-i >= 16 {
			for align := i; align < i+4; align++ {
				run := 0
				for p := align; p+3 < j; p += 4 {
					a, b, c, d := alphabet[s[p]], alphabet[s[p+1]], alphabet[s[p+2]], alphabet[s[p+3]]
					if printable(a<<2|b>>4) && printable(b<<4|c>>2) && printable(c<<6|d) {
						if run++; run == 4 {
							return true
						}
					} else {
						run = 0
					}
				}
			}
		}
		i = j
	}
	return false
}

// printable is gitleaks' printable ASCII: what its decoders accept.
func printable(b byte) bool { return b > 0x08 && b < 0x7f }

// Decoding tables: the 4- or 6-bit value of a character, 0xff for none;
// anyAlphabet is 1 for a character of either base64 alphabet.
var hexValue, stdAlphabet, urlAlphabet, anyAlphabet [256]byte

func init() {
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	for i := range hexValue {
		hexValue[i], stdAlphabet[i], urlAlphabet[i] = 0xff, 0xff, 0xff
	}
	for i, c := range "0123456789abcdef" {
		hexValue[c] = byte(i)
	}
	for i, c := range "ABCDEF" {
		hexValue[c] = byte(10 + i)
	}
	for i, c := range b64 + "+/" {
		stdAlphabet[c] = byte(i)
	}
	for i, c := range b64 + "-_" {
		urlAlphabet[c] = byte(i)
	}
	for _, c := range b64 + "+/-_" {
		anyAlphabet[c] = 1
	}
}
