package secrets

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
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
func contextLines(raw string, providers []string) []contextLine {
	var out []contextLine
	var envNo int // the line of the last env entry's name
	var envNameText string
	var open header // the last header with a provider's name
	// An env entry has a name and a value: the next "name" in raw, found by
	// one search rather than one per line (-1: none left, or no "value").
	nextName := -1
	if strings.Contains(raw, "value") {
		nextName = strings.Index(raw, "name")
	}
	no := 0
	for off := 0; off < len(raw); {
		no++
		line, end := lineFrom(raw, off)
		named := nextName >= 0 && nextName < end
		if named {
			if i := strings.Index(raw[end:], "name"); i >= 0 {
				nextName = end + i
			} else {
				nextName = -1
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
		inEnv, inOpen := envNo > 0 && no-envNo <= contextReach, open.no > 0 && no-open.no <= contextReach
		if inEnv || inOpen {
			item, at := trimmed, first
			if item[0] == '-' {
				rest := strings.TrimLeft(item[1:], " \t")
				at += len(item) - len(rest)
				item = rest
			}
			switch {
			case inEnv && envValue.MatchString(item):
				v := at + strings.IndexAny(item, ":=") + 1
				out = append(out, contextLine{no: no, prefix: envNameText + ":", off: v, line: line, named: true})
				continue
			case inOpen && isAssignment(item):
				// "app_key": … joins as datadog_app_key": …, which the rules
				// read as the key datadog_app_key.
				for at < len(line) && (line[at] == '"' || line[at] == '\'') {
					at++
				}
				out = append(out, contextLine{no: no, prefix: open.name + "_", off: at, line: line})
			}
		}
		if named {
			if startsWithKey(trimmed, "name") {
				if m := envName.FindStringSubmatch(trimmed); m != nil {
					envNo, envNameText = no, m[1]
				}
			} else if m := envPairIn(line, trimmed); m != nil {
				out = append(out, contextLine{no: no, prefix: line[m[2]:m[3]] + ":", off: m[1], line: line, named: true})
			}
		}
		switch trimmed[len(trimmed)-1] {
		case ':', '{', ']':
			section := trimmed[0] == '[' && trimmed[len(trimmed)-1] == ']'
			if section {
				open = header{} // an INI or TOML section ends the one before
			}
			if name, ok := headerName(trimmed); ok && containsProvider(name, providers) {
				open = header{no: no, indent: indent, name: name}
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

// headerName returns the name of a line that opens a mapping (datadog:), an
// object ("datadog": {), a block (provider "datadog" {, datadog {) or a
// section ([datadog]), as lower case letters and digits joined by _.
func headerName(t string) (string, bool) {
	switch last := t[len(t)-1]; {
	case last == ':':
		t = t[:len(t)-1]
	case last == '{':
		t = strings.TrimRight(t[:len(t)-1], " \t")
		t = strings.TrimRight(t, ":= \t") // "datadog": {, datadog = {
	case last == ']' && t[0] == '[':
		t = t[1 : len(t)-1]
	default:
		return "", false
	}
	t = strings.TrimPrefix(strings.TrimLeft(t, " \t"), "- ")
	if t == "" || len(t) > 100 {
		return "", false
	}
	// A header is words and quoted words only: not code (func f() {, if x:).
	for i := 0; i < len(t); i++ {
		if c := t[i]; !isAlnum(c) && strings.IndexByte("_-.\"' \t", c) < 0 {
			return "", false
		}
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case isAlnum(c) || c == '_' || c == '-' || c == '.':
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		case c == '"' || c == '\'':
		case c == ' ' || c == '\t':
			b.WriteByte('_')
		default:
			return "", false
		}
	}
	return b.String(), true
}

func containsProvider(name string, providers []string) bool {
	for _, p := range providers {
		if strings.Contains(name, p) {
			return true
		}
	}
	return false
}

// providerKeywords are the rule keywords that name a provider (datadog,
// slack, stripe): words, not token prefixes (ghp_, sk_live) nor generic
// words, which would make every mapping called "secret:" a context.
func providerKeywords(rules map[string]gconfig.Rule) []string {
	seen := map[string]bool{}
	var out []string
	for id, r := range rules {
		if strings.Contains(id, "generic") {
			continue
		}
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			if seen[k] || !isProviderWord(k) {
				continue
			}
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

var notProviders = map[string]bool{"password": true, "secret": true, "secret_key": true, "curl": true,
	"token": true, "access": true, "private": true, "administrator_login_password": true}

func isProviderWord(k string) bool {
	if len(k) < 4 || notProviders[k] {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z') && !(i > 0 && i < len(k)-1 && (c == '_' || c == '-')) {
			return false
		}
	}
	return true
}

// contextHits runs the rules on the fragment's lines rewritten with their
// context and returns what they find there that found does not already
// hold, placed on the value's own line and columns.
func (e *engine) contextHits(ctx context.Context, path, raw string, found []hit) []hit {
	lines := contextLines(raw, e.providers)
	if len(lines) == 0 {
		return nil
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text()
	}
	text := strings.Join(texts, "\n")
	frag := detect.Fragment{Raw: text, FilePath: path, StartLine: 1}
	hits := toHits(e.plain.DetectContext(ctx, frag), text)
	if e.generic != nil {
		hits = append(hits, toHits(e.generic.DetectContext(ctx, frag), text)...)
	}
	hits = append(hits, e.scanLines(path, text)...)
	var out []hit
	for _, h := range hits {
		if h.startLine != h.endLine || h.startCol == 0 {
			continue
		}
		l := lines[h.startLine-1]
		if !l.named && (h.rule == genericRule || isExtraRule(h.rule)) {
			continue
		}
		shift := utf8.RuneCountInString(l.prefix)
		if h.startCol <= shift {
			continue // the secret would include the context's own words
		}
		kept := utf8.RuneCountInString(l.line[:l.off])
		h.startCol += kept - shift
		h.endCol += kept - shift
		// Some provider rules have no entropy floor: they trust their
		// keyword to be next to a real value. A context is further away,
		// so what it adds must not be a placeholder (apiKey: "000…0" in a
		// chart's test values).
		if secret := runesAt(l.line, h.startCol, h.endCol); isPlaceholder(secret) || entropy(secret) < 3 {
			continue
		}
		h.startLine, h.endLine = l.no, l.no
		h.marker = markerIn(l.line)
		if !holds(found, h) && !holds(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// runesAt returns the characters from..to (1-based, inclusive) of line.
func runesAt(line string, from, to int) string {
	n, start := 0, -1
	for i := range line {
		n++
		if n == from {
			start = i
		}
		if n == to+1 {
			return line[start:i]
		}
	}
	if start < 0 {
		return ""
	}
	return line[start:]
}

// holds reports whether hits has h's rule and secret on its line.
func holds(hits []hit, h hit) bool {
	for _, o := range hits {
		if o.fingerprint == h.fingerprint && o.startLine == h.startLine {
			return true
		}
	}
	return false
}
