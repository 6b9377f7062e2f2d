package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a policy file, located at a line and column.
type Problem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// Key is the dotted path of the offending key ("dependencies.fail_on_severity").
	Key string `json:"key,omitempty"`
	Msg string `json:"message"`
}

func (p Problem) String() string {
	loc := p.File
	switch {
	case p.Line > 0 && p.Column > 0:
		loc = fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
	case p.Line > 0:
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.Key != "" {
		return fmt.Sprintf("%s: %s: %s", loc, p.Key, p.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, p.Msg)
}

// InvalidError lists every problem found in a policy file (or the server's
// config file), in file order.
type InvalidError struct {
	File string
	// Kind names the file in messages: "policy" when empty, "server config".
	Kind     string
	Problems []Problem
}

func (e *InvalidError) Error() string {
	kind := e.Kind
	if kind == "" {
		kind = "policy"
	}
	if len(e.Problems) == 1 {
		return "invalid " + kind + " " + e.Problems[0].String()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("invalid %s %s (%d problems):\n%s", kind, e.File, len(e.Problems), strings.Join(lines, "\n"))
}
