package manifest

import "strings"

// jsonKeyLines maps each object key that opens a line of a pretty-printed
// JSON file ("key": ...) to the first line it appears on. Lockfiles are
// written pretty-printed by their tools; a minified file gets no lines, which
// only costs precision (line 0 points at the whole file).
func jsonKeyLines(b []byte) map[string]int {
	out := make(map[string]int)
	for i, l := range splitLines(b) {
		k, _, ok := jsonKeyAt(l)
		if !ok {
			continue
		}
		if _, seen := out[k]; !seen {
			out[k] = i + 1
		}
	}
	return out
}

// jsonFieldLines maps the values of a string field ("name": "value") to the
// first line each appears on.
func jsonFieldLines(b []byte, field string) map[string]int {
	out := make(map[string]int)
	for i, l := range splitLines(b) {
		k, rest, ok := jsonKeyAt(l)
		if !ok || k != field {
			continue
		}
		rest = strings.TrimSpace(rest)
		rest = strings.TrimSuffix(rest, ",")
		if len(rest) >= 2 && rest[0] == '"' && rest[len(rest)-1] == '"' {
			v := rest[1 : len(rest)-1]
			if _, seen := out[v]; !seen {
				out[v] = i + 1
			}
		}
	}
	return out
}

// jsonKeyAt reads `"key":` at the start of a line (after indentation).
func jsonKeyAt(l string) (key, rest string, ok bool) {
	t := strings.TrimLeft(l, " \t")
	if len(t) < 3 || t[0] != '"' {
		return "", "", false
	}
	end := strings.IndexByte(t[1:], '"')
	if end < 0 {
		return "", "", false
	}
	k := t[1 : 1+end]
	after := strings.TrimLeft(t[2+end:], " ")
	if !strings.HasPrefix(after, ":") {
		return "", "", false
	}
	return k, after[1:], true
}
