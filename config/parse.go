package config

import (
	"bytes"
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads a .security.yml strictly: unknown keys, wrong types and invalid
// values are all errors, reported together as an *InvalidError with the file,
// line and column of each. Keys the file leaves out take the secure defaults.
func Parse(file string, data []byte) (*Policy, error) {
	inv := &InvalidError{File: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		inv.Problems = append(inv.Problems, syntaxProblem(file, data, err))
		return nil, inv
	}
	if len(doc.Content) == 0 || len(bytes.TrimSpace(data)) == 0 {
		inv.Problems = append(inv.Problems, Problem{File: file, Line: 1, Column: 1, Msg: "the file is empty; it must at least say `version: 1`"})
		return nil, inv
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		inv.Problems = append(inv.Problems, Problem{File: file, Line: root.Line, Column: root.Column, Msg: "the policy must be a mapping of keys (" + strings.Join(topLevelOrder(), ", ") + ")"})
		return nil, inv
	}
	pos := map[string]Problem{}
	walkMapping(file, root, topLevelKeys(), "", pos, &inv.Problems)
	if len(inv.Problems) > 0 {
		return nil, inv
	}
	p := Default()
	p.Version = 0 // the file must say it
	if err := decodeSections(root, p); err != nil {
		for _, pr := range decodeProblems(file, err) {
			pr.Key, pr.Column = keyAt(pos, pr.Line, pr.Column)
			inv.Problems = append(inv.Problems, pr)
		}
		return nil, inv
	}
	p.Source = file
	for _, pr := range validate(p) {
		at, ok := pos[pr.Key]
		if !ok {
			at = nearest(pos, pr.Key)
		}
		pr.File, pr.Line, pr.Column = file, at.Line, at.Column
		inv.Problems = append(inv.Problems, pr)
	}
	if len(inv.Problems) > 0 {
		sort.SliceStable(inv.Problems, func(i, j int) bool { return inv.Problems[i].Line < inv.Problems[j].Line })
		return nil, inv
	}
	for i := range p.Secrets.Rules {
		p.Secrets.Rules[i].Line = pos[fmt.Sprintf("secrets.rules[%d]", i)].Line
	}
	return p, nil
}

var textType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()

// walkKeys rejects keys that the policy types do not declare and records the
// position of every key, so that validation errors can name a line.
func walkKeys(file string, n *yaml.Node, t reflect.Type, path string, pos map[string]Problem, problems *[]Problem) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Implements(textType):
		// A value written as text (a glob) has no keys to walk; its own
		// UnmarshalYAML refuses a mapping.
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		walkMapping(file, n, yamlFields(t), path, pos, problems)
	case t.Kind() == reflect.Bool && (n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool"):
		// yaml.v3 turns yes, no, on and off (even quoted) into booleans when
		// the target is one; the JSON Schema, and every other YAML 1.2 reader,
		// takes them as strings. A switch of the gate must mean one thing.
		msg := fmt.Sprintf("wrong type: got %s, want true or false", kindName(strings.TrimPrefix(n.ShortTag(), "!!")))
		if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
			msg = fmt.Sprintf("wrong type: got a string %q, want true or false", n.Value)
		}
		*problems = append(*problems, Problem{File: file, Line: n.Line, Column: n.Column, Key: path, Msg: msg})
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			key := fmt.Sprintf("%s[%d]", path, i)
			pos[key] = Problem{Line: item.Line, Column: item.Column}
			walkKeys(file, item, t.Elem(), key, pos, problems)
		}
	}
}

// walkMapping checks a mapping's keys against fields, the keys its type declares.
func walkMapping(file string, n *yaml.Node, fields map[string]reflect.Type, path string, pos map[string]Problem, problems *[]Problem) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := join(path, k.Value)
		f, ok := fields[k.Value]
		if !ok {
			*problems = append(*problems, Problem{File: file, Line: k.Line, Column: k.Column, Key: key,
				Msg: fmt.Sprintf("unknown key %q%s", k.Value, suggest(k.Value, fields))})
			continue
		}
		pos[key] = Problem{Line: v.Line, Column: v.Column}
		walkKeys(file, v, f, key, pos, problems)
	}
}

// yamlFields maps each yaml tag of a struct to its field type.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		if name := yamlKey(t.Field(i)); name != "" {
			out[name] = t.Field(i).Type
		}
	}
	return out
}

// yamlKey is a field's key in YAML, "" for a field YAML skips.
func yamlKey(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

func suggest(key string, fields map[string]reflect.Type) string {
	names := sortedNames(fields)
	norm := func(s string) string { return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s)) }
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(norm(n), norm(key)); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return fmt.Sprintf(" (expected one of: %s)", strings.Join(names, ", "))
}

// editDistance is the Levenshtein distance, for typo suggestions.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// keyAt finds the key whose value starts at line (and column, when the
// error gives one), for errors that yaml reports by position only. Of several
// keys on one line (a flow list), the one at the column wins; without a
// column the deepest, then the first by name, so that the answer never
// depends on map order.
func keyAt(pos map[string]Problem, line, column int) (string, int) {
	key, col := "", 0
	for k, p := range pos {
		if p.Line != line {
			continue
		}
		if column > 0 && p.Column == column {
			return k, p.Column
		}
		if key == "" || len(k) > len(key) || (len(k) == len(key) && k < key) {
			key, col = k, p.Column
		}
	}
	return key, col
}

// nearest finds the position of the closest recorded ancestor of key.
func nearest(pos map[string]Problem, key string) Problem {
	for key != "" {
		if p, ok := pos[key]; ok {
			return p
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return Problem{Line: 1, Column: 1}
}

var lineRe = regexp.MustCompile(`^(?:yaml: )?line (\d+)(?::(\d+))?: (.*)$`)

var typeRe = regexp.MustCompile("cannot unmarshal !!(\\w+)(?: `?([^`]*)`?)? into (.*)$")

// decodeProblems turns yaml.v3's type errors into one problem per line.
func decodeProblems(file string, err error) []Problem {
	var msgs []string
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]Problem, 0, len(msgs))
	for _, m := range msgs {
		p := Problem{File: file, Msg: m}
		if g := lineRe.FindStringSubmatch(m); g != nil {
			p.Line, _ = strconv.Atoi(g[1])
			p.Column, _ = strconv.Atoi(g[2])
			p.Msg = g[3]
		}
		if g := typeRe.FindStringSubmatch(p.Msg); g != nil {
			// A mapping or list has no value to quote.
			got := kindName(g[1])
			if g[2] != "" {
				got += fmt.Sprintf(" %q", g[2])
			}
			p.Msg = fmt.Sprintf("wrong type: got %s, want %s", got, goTypeName(g[3]))
		}
		out = append(out, p)
	}
	return out
}

func kindName(tag string) string {
	switch tag {
	case "str":
		return "a string"
	case "int", "float":
		return "a number"
	case "bool":
		return "a boolean"
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "null":
		return "nothing"
	}
	return tag
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"), strings.HasSuffix(t, ".Globs"):
		return "a list"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "a string"
	case t == "time.Duration":
		return "a duration such as 90s, 5m or 1h"
	}
	return "a mapping"
}
