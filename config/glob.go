package config

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"
)

// Glob is one path pattern of .security.yml, compiled when the policy is
// parsed. Every path list of the policy (secrets.allow.paths,
// dependencies.paths and ignore_paths, dlp.forbidden, dlp.sensitive paths)
// and the built-in lists follow one rule, so that a pattern means the same
// thing wherever it is written:
//
//   - Matching ignores ASCII case: "*.LOCK" is "*.lock", and "ID_RSA" is as
//     leaked as "id_rsa" (checkouts on macOS and Windows ignore case too).
//   - A pattern without a slash matches the file's base name at any depth,
//     as in .gitignore: "*.pem" matches "certs/server.pem".
//   - A pattern with a slash matches the whole path from the repository
//     root: "docs/*.md" matches "docs/a.md", not "web/docs/a.md". A leading
//     "/" anchors a pattern to the root: "/Makefile" is the root's only.
//   - A trailing "/" names a directory and everything under it: "vendor/"
//     is every vendor directory at any depth, "/vendor/" and "web/vendor/"
//     the one at that path. A leading "./" is the root, as "/" is.
//   - The syntax is doublestar's: "*" and "?" stay within a directory, "**"
//     crosses directories, [a-z] and {a,b} as in a shell, "\" escapes.
//
// The zero Glob matches nothing.
type Glob struct {
	text    string // as written, for messages and for writing the policy back
	pattern string // lower-cased, without the anchoring "/"
	base    bool   // matched against the base name at any depth
	problem string // why text is not a usable glob; "" when it is
}

// ParseGlob compiles a pattern, or says in the user's words why it is not one.
func ParseGlob(s string) (Glob, error) {
	g := compileGlob(s)
	if err := g.Err(); err != nil {
		return Glob{}, err
	}
	return g, nil
}

// MustGlob compiles a pattern written in the code (the built-in lists,
// tests); it panics on an invalid one.
func MustGlob(s string) Glob {
	g, err := ParseGlob(s)
	if err != nil {
		panic(err)
	}
	return g
}

// MustGlobs compiles patterns written in the code, as MustGlob does.
func MustGlobs(ss ...string) Globs {
	out := make(Globs, len(ss))
	for i, s := range ss {
		out[i] = MustGlob(s)
	}
	return out
}

// compileGlob keeps whatever was written, with its problem if any, so that
// validation can report it at its line together with every other problem.
func compileGlob(s string) Glob {
	g := Glob{text: s}
	p := s
	if strings.HasPrefix(p, "./") {
		// "./deploy" is how a shell names the root's deploy: read it so.
		p = "/" + strings.TrimPrefix(p, "./")
	}
	anchored := strings.HasPrefix(p, "/")
	p = lowerASCII(strings.TrimPrefix(p, "/"))
	switch {
	case strings.TrimSpace(s) == "":
		g.problem = "empty glob"
	case strings.TrimSpace(strings.Trim(p, "/")) == "":
		g.problem = fmt.Sprintf("%q matches no file; write \"**\" for every file", s)
	case strings.TrimSpace(s) != s:
		g.problem = fmt.Sprintf("%q starts or ends with a space, which no path in a repository does", s)
	case badSegment(strings.TrimSuffix(p, "/")):
		g.problem = fmt.Sprintf("%q has an empty, \".\" or \"..\" part, which no path in a repository has", s)
	case !doublestar.ValidatePattern(p):
		g.problem = fmt.Sprintf("%q is not a valid glob (an unclosed [ or {, or a \\ at the end)", s)
	}
	if g.problem != "" {
		return g
	}
	if dir := strings.TrimSuffix(p, "/"); dir != p {
		// A trailing "/" names a directory, as in .gitignore: everything
		// under it, and at any depth when nothing else anchors it.
		p = dir + "/*/**" // not dir itself: a file named like the directory is not under it
		if !anchored && !strings.Contains(dir, "/") {
			p = "**/" + p
		}
	}
	g.pattern = p
	g.base = !anchored && !strings.Contains(p, "/")
	if rest, ok := strings.CutPrefix(p, "**/"); ok && !strings.ContainsAny(rest, "/[") && !strings.Contains(rest, "**") {
		// "**/*.key" matches what "*.key" matches in the base name, at any
		// depth, without trying each directory as a start: the DLP check
		// matches every path of a history with some fifty such patterns.
		// Not with a bracket: doublestar lets a negated class, or a range
		// across '/', match the separator.
		g.pattern, g.base = rest, true
	}
	return g
}

// badSegment reports whether a "/"-separated pattern has a part that no
// repository path has: such a rule would never match, silently.
func badSegment(p string) bool {
	for part := range strings.SplitSeq(p, "/") {
		if part == "" || part == "." || part == ".." {
			return true
		}
	}
	return false
}

// Err says why the pattern is not a usable glob, or is nil.
func (g Glob) Err() error {
	if g.problem == "" {
		return nil
	}
	return errors.New(g.problem)
}

// String returns the pattern as written.
func (g Glob) String() string { return g.text }

// Match reports whether a repository path (relative to the root, "/"
// separated) matches the pattern, by the rule on Glob.
func (g Glob) Match(p string) bool {
	if g.pattern == "" {
		return false
	}
	p = lowerASCII(strings.TrimPrefix(p, "/"))
	if g.base {
		p = path.Base(p)
	}
	return doublestar.MatchUnvalidated(g.pattern, p)
}

// MarshalText writes the pattern as written (YAML and JSON alike).
func (g Glob) MarshalText() ([]byte, error) { return []byte(g.text), nil }

// UnmarshalYAML compiles a scalar. An invalid pattern is kept with its
// problem, which validation reports at the pattern's line; a mapping or a
// list where a pattern belongs is a type error.
func (g *Glob) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d:%d: wrong type: got %s, want a path glob (a string)", n.Line, n.Column, kindName(strings.TrimPrefix(n.ShortTag(), "!!")))}}
	}
	s := n.Value
	if n.ShortTag() == "!!null" {
		s = ""
	}
	*g = compileGlob(s)
	return nil
}

// Globs is a path list of the policy; a path matches it when it matches any
// of its patterns.
type Globs []Glob

// Match reports whether p matches any of the patterns.
func (gs Globs) Match(p string) bool {
	_, ok := gs.First(p)
	return ok
}

// First returns the first pattern p matches, to say which one did.
func (gs Globs) First(p string) (Glob, bool) {
	for _, g := range gs {
		if g.Match(p) {
			return g, true
		}
	}
	return Glob{}, false
}

// lowerASCII folds ASCII letters only: the rule is ASCII case, and Unicode
// folding would let "\u212a" (the Kelvin sign) stand for "k".
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
