package config

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// syntaxProblem locates a YAML syntax error. yaml.v3 names the line of most
// errors, but not of one on the first line, nor of bytes it cannot read at
// all (invalid UTF-8, control characters), wherever they are: those are
// found here, so that every syntax error points at a line.
func syntaxProblem(file string, data []byte, err error) Problem {
	msg := err.Error()
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return Problem{File: file, Line: line, Column: col, Msg: "YAML syntax error: " + m[3]}
	}
	p := Problem{File: file, Line: 1, Msg: "YAML syntax error: " + strings.TrimPrefix(msg, "yaml: ")}
	if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control characters") {
		if line, col, ok := unreadable(data); ok {
			p.Line, p.Column = line, col
		}
	}
	return p
}

// unreadable returns the line and column of the first byte that is not
// UTF-8 or is a character YAML does not allow in a file.
func unreadable(data []byte) (line, col int, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if (r == utf8.RuneError && size == 1) || !yamlPrintable(r) {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 0, 0, false
}

// yamlPrintable is YAML 1.2's c-printable (with the byte order mark).
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
