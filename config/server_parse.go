package config

import (
	"bytes"
	"reflect"
	"sort"

	"gopkg.in/yaml.v3"
)

// movedServerKeys are keys that once stood elsewhere: the error says where
// they belong now.
var movedServerKeys = map[string]string{
	"private_key_file": "github.app.private_key_file",
}

// decodeServer reads a server config file into s as strictly as a policy:
// every unknown key, wrong type and syntax error is an *InvalidError naming
// the file, line, column and dotted key, never a Go type.
func decodeServer(file string, data []byte, s *Server) error {
	inv := &InvalidError{File: file, Kind: "server config"}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		inv.Problems = append(inv.Problems, syntaxProblem(file, data, err))
		return inv
	}
	if len(doc.Content) == 0 || len(bytes.TrimSpace(data)) == 0 {
		return nil // an empty file leaves the defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		inv.Problems = append(inv.Problems, Problem{File: file, Line: root.Line, Column: root.Column, Msg: "the server config must be a mapping of keys (listen, github, workers…)"})
		return inv
	}
	pos := map[string]Problem{}
	walkKeys(file, root, reflect.TypeOf(Server{}), "", pos, &inv.Problems)
	for i, p := range inv.Problems {
		if to, ok := movedServerKeys[p.Key]; ok {
			inv.Problems[i].Msg = "unknown key \"" + p.Key + "\" (it belongs under github.app: " + to + ")"
		}
	}
	if len(inv.Problems) == 0 {
		if err := root.Decode(s); err != nil {
			for _, pr := range decodeProblems(file, err) {
				pr.Key, pr.Column = keyAt(pos, pr.Line, pr.Column)
				inv.Problems = append(inv.Problems, pr)
			}
		}
	}
	if len(inv.Problems) > 0 {
		sort.SliceStable(inv.Problems, func(i, j int) bool { return inv.Problems[i].Line < inv.Problems[j].Line })
		return inv
	}
	return nil
}
