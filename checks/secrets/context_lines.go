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
// the value line of a name on one of the contextReach lines above it, or a
// name and value on the line itself.
func envEntry(raw string, lineStart int, line string, first, no int) (contextLine, bool) {
	trimmed := line[first:]
	at := first + keyStart(trimmed)
	if item := line[at:]; strings.HasPrefix(item, "value") || strings.HasPrefix(item, `"value"`) || strings.HasPrefix(item, "'value'") {
		if !envValue.MatchString(item) {
			return contextLine{}, false
		}
		for _, r := range linesBefore(raw, lineStart) {
			if r = strings.TrimSpace(r); startsWithKey(r, "name") {
				if m := envName.FindStringSubmatch(r); m != nil {
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

// linesBefore returns the contextReach lines of raw before the line that
// starts at start, the nearest first.
func linesBefore(raw string, start int) [contextReach]string {
	var out [contextReach]string
	for i := 0; i < contextReach && start > 0; i++ {
		from := strings.LastIndexByte(raw[:start-1], '\n') + 1
		out[i] = raw[from : start-1]
		start = from
	}
	return out
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
	if i < 0 || !assignedAt(trimmed, i+len("name")) || !strings.Contains(trimmed[i:], "value") {
		return nil
	}
	return envPair.FindStringSubmatchIndex(line)
}

// assignedAt reports whether s, from i on, is a closing quote and blanks
// then ':' or '=': what follows a key.
func assignedAt(s string, i int) bool {
	for i < len(s) && (s[i] == '"' || s[i] == '\'' || s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i < len(s) && (s[i] == ':' || s[i] == '=')
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
	// An env entry has a value: the next "value" in raw, found by one search
	// rather than one per line (-1: none left).
	nextValue := strings.Index(raw, "value")
	no := 0
	for off := 0; off < len(raw); {
		no++
		start := off
		line, end := lineFrom(raw, off)
		off = end + 1
		hasValue := nextValue >= 0 && nextValue < end
		if hasValue {
			if i := strings.Index(raw[end:], "value"); i >= 0 {
				nextValue = end + i
			} else {
				nextValue = -1
			}
		}
		// Most lines are none of these shapes and leave here, after a look
		// at their last byte: this runs on every line of a scan.
		last := len(line)
		for last > 0 && (line[last-1] == ' ' || line[last-1] == '\t' || line[last-1] == '\r') {
			last--
		}
		if last == 0 {
			continue
		}
		opens := line[last-1] == ':' || line[last-1] == '{' || line[last-1] == ']'
		if !hasValue && !opens && open.no == 0 {
			continue
		}
		first := 0
		for line[first] == ' ' || line[first] == '\t' {
			first++
		}
		trimmed, indent := line[first:last], first
		if open.no > 0 && (indent <= open.indent || no-open.no > contextReach) {
			open = header{} // a sibling or a parent, or too far: the context has ended
		}
		if hasValue {
			if c, ok := envEntry(raw, start, line, first, no); ok {
				out = append(out, c)
			}
		}
		if open.no > 0 {
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
		if opens {
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
	return assignedAt(s, n)
}
