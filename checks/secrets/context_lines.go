package secrets

import (
	"regexp"
	"strings"
)

// contextReach is how many lines above a value its context may be: the
// name of a Kubernetes env entry, the mapping, block or object it is in.
const contextReach = 3

// A value's context is often on a line before it, where no line rule sees
// it:
//
//	env:                              datadog:          provider "datadog" {
//	  - name: DD_API_KEY                apiKey: …         app_key = "…"
//	    value: "…"                                      }
//
// contextLines rewrites such a line as the one-line assignment it means
// (DD_API_KEY: "…", datadog_app_key = "…"), keeping the value as written,
// and the rules run on these lines; what they find is reported on the value's
// own line and columns. An env entry's name is what the value is called, so
// every rule runs on it; a mapping or block only lends a provider's name
// (its rule's keyword: datadog, slack, stripe) to the keys inside it, so only
// the provider rules run there, not the generic one.

// contextLine is a line rewritten with its context.
type contextLine struct {
	no     int    // the value's line in the fragment, 1-based
	prefix string // what the context adds before the line's own text
	off    int    // byte offset in the original line where its text is kept
	line   string // the original line
	named  bool   // an env entry's name: every rule applies
}

func (c contextLine) text() string { return c.prefix + c.line[c.off:] }

// envName is the name line of an env entry (Kubernetes, ECS, JSON-in-YAML,
// Terraform): - name: DD_API_KEY, "name": "DD_API_KEY", name = "DD_API_KEY"
var envName = regexp.MustCompile(`^-?\s*["']?name["']?\s*[:=]\s*["']?([A-Za-z_][\w.-]*)["']?\s*,?$`)

// envValue is its value line: value: "…", "value": "…", value = "…".
var envValue = regexp.MustCompile(`^["']?value["']?\s*[:=]\s*\S`)

// envPair is an env entry on one line: {"name": "DD_API_KEY", "value": "…"},
// - {name: DD_API_KEY, value: …}, { name = "DD_API_KEY", value = "…" }.
var envPair = regexp.MustCompile(`["']?\bname["']?\s*[:=]\s*["']?([A-Za-z_][\w.-]*)["']?\s*,\s*["']?value["']?\s*[:=]`)

// envEntry returns the line holding a value as its env entry means it:
// the value line of a name above it (recent, the last first), or a name and
// value on the line itself.
func envEntry(line string, first, no int, recent []numberedLine) (contextLine, bool) {
	trimmed := line[first:]
	at := first + keyStart(trimmed)
	if item := line[at:]; strings.HasPrefix(item, "value") || strings.HasPrefix(item, `"value"`) || strings.HasPrefix(item, "'value'") {
		if !envValue.MatchString(item) {
			return contextLine{}, false
		}
		for _, r := range recent {
			if r.no == 0 || no-r.no > contextReach {
				break
			}
			if startsWithKey(r.text, "name") {
				if m := envName.FindStringSubmatch(r.text); m != nil {
					v := at + strings.IndexAny(item, ":=") + 1
					return contextLine{no: no, prefix: m[1] + ":", off: v, line: line, named: true}, true
				}
			}
		}
		return contextLine{}, false
	}
	if m := envPairIn(line, trimmed); m != nil {
		return contextLine{no: no, prefix: line[m[2]:m[3]] + ":", off: m[1], line: line, named: true}, true
	}
	return contextLine{}, false
}

// keyStart is where the key of a trimmed line starts: after a list item's
// dash.
func keyStart(trimmed string) int {
	i := 0
	if trimmed[0] == '-' {
		i = 1
		for i < len(trimmed) && (trimmed[i] == ' ' || trimmed[i] == '\t') {
			i++
		}
	}
	return i
}

// envPairIn returns envPair's match in line, testing first the words it needs.
func envPairIn(line, trimmed string) []int {
	i := strings.Index(trimmed, "name")
	if i < 0 || !strings.Contains(trimmed[i:], "value") || !strings.Contains(trimmed[i:], ",") {
		return nil
	}
	return envPair.FindStringSubmatchIndex(line)
}

// startsWithKey reports whether s, after a list item's dash and a quote,
// starts with key: a cheap test before envName's regex.
func startsWithKey(s, key string) bool {
	if s != "" && s[0] == '-' {
		s = strings.TrimLeft(s[1:], " \t")
	}
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		s = s[1:]
	}
	return strings.HasPrefix(s, key)
}

// header is a line that opens a mapping, block or object, and its name.
type header struct {
	no     int
	indent int
	name   string
}

// contextLines returns the lines of raw that have a context above them.
func contextLines(raw string, providers *providerMatcher) []contextLine {
	var out []contextLine
	var open header // the last header with a provider's name
	// The lines before this one, the last at recent[0]: an env entry's name
	// is looked for there when a value is found.
	var recent [contextReach]numberedLine
	// An env entry has a value: the next "value" in raw, found by one search
	// rather than one per line (-1: none left).
	nextValue := strings.Index(raw, "value")
	no := 0
	for off := 0; off < len(raw); {
		no++
		line, end := lineFrom(raw, off)
		hasValue := nextValue >= 0 && nextValue < end
		if hasValue {
			if i := strings.Index(raw[end:], "value"); i >= 0 {
				nextValue = end + i
			} else {
				nextValue = -1
			}
		}
		off = end + 1
		// Most lines are none of these shapes: each test is a byte or two
		// before anything costlier (this runs on every line of a scan).
		first, last := 0, len(line)
		for first < last && (line[first] == ' ' || line[first] == '\t') {
			first++
		}
		for last > first && (line[last-1] == ' ' || line[last-1] == '\t' || line[last-1] == '\r') {
			last--
		}
		if first == last {
			continue
		}
		trimmed, indent := line[first:last], first
		if open.no > 0 && indent <= open.indent {
			open = header{} // a sibling or a parent: the mapping has ended
		}
		if hasValue {
			if c, ok := envEntry(line, first, no, recent[:]); ok {
				out = append(out, c)
			}
		}
		if open.no > 0 && no-open.no <= contextReach {
			// "app_key": … joins as datadog_app_key": …, which the rules
			// read as the key datadog_app_key.
			at := first + keyStart(trimmed)
			for at < len(line) && (line[at] == '"' || line[at] == '\'') {
				at++
			}
			if isAssignment(line[at:]) {
				out = append(out, contextLine{no: no, prefix: open.name + "_", off: at, line: line})
			}
		}
		copy(recent[1:], recent[:len(recent)-1])
		recent[0] = numberedLine{no: no, start: first, text: trimmed}
		switch trimmed[len(trimmed)-1] {
		case ':', '{', ']':
			section := trimmed[0] == '[' && trimmed[len(trimmed)-1] == ']'
			if section {
				open = header{} // an INI or TOML section ends the one before
			}
			if text, ok := headerText(trimmed); ok && providers.in(text) {
				open = header{no: no, indent: indent, name: headerName(text)}
				if section {
					open.indent = -1 // its keys are not indented
				}
			}
		}
	}
	return out
}

// isAssignment is a key followed by an assignment: key: v, key = v, "key": v.
func isAssignment(s string) bool {
	for s != "" && (s[0] == '"' || s[0] == '\'') {
		s = s[1:]
	}
	n := 0
	for n < len(s) && (isAlnum(s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.') {
		n++
	}
	if n == 0 {
		return false
	}
	for n < len(s) && (s[n] == '"' || s[n] == '\'' || s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n < len(s) && (s[n] == ':' || s[n] == '=')
}
