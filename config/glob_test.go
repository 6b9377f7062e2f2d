package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"
)

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		name, glob, path string
		want             bool
	}{
		// Case: ASCII letters fold, in the pattern and in the path.
		{"lower pattern, upper path", "*.lock", "web/YARN.LOCK", true},
		{"upper pattern, lower path", "*.LOCK", "web/yarn.lock", true},
		{"case in a directory", "Deploy/**", "deploy/prod/values.yaml", true},
		{"case in a class", "[A-C]*.txt", "b.txt", true},
		{"only ASCII folds", "*.key", "id.\u212aey", false}, // the Kelvin sign is not a k

		// No slash: the base name, at any depth.
		{"base name at the root", "*.pem", "server.pem", true},
		{"base name deep", "*.pem", "deep/dir/server.pem", true},
		{"exact base name deep", "CODEOWNERS", "docs/CODEOWNERS", true},
		{"base name, not a directory", "secrets", "secrets/a.txt", false},
		{"star stays in the base name", "*.lock", "yarn.lock/readme.md", false},
		{"double star alone is everything", "**", "a/b/c.txt", true},

		// A slash: the whole path from the root.
		{"full path", "docs/*.md", "docs/a.md", true},
		{"full path is from the root", "docs/*.md", "web/docs/a.md", false},
		{"single star stays in a directory", "docs/*.md", "docs/x/a.md", false},
		{"double star crosses directories", "docs/**/*.md", "docs/x/y/a.md", true},
		{"double star also matches no directory", "docs/**/*.md", "docs/a.md", true},
		{"leading double star is any depth", "**/id_rsa", "home/.ssh/id_rsa", true},
		{"trailing double star is everything under", ".github/workflows/**", ".github/workflows/ci.yml", true},
		{"not somewhere else", ".github/workflows/**", "src/.github/workflows/ci.yml", false},
		{"alternatives", "{docs,web}/*.md", "web/a.md", true},

		// A leading slash anchors.
		{"anchored at the root", "/yarn.lock", "yarn.lock", true},
		{"anchored, not deeper", "/yarn.lock", "web/yarn.lock", false},
		{"anchored with a slash", "/docs/**", "docs/a.md", true},
		{"a path with a leading slash", "docs/**", "/docs/a.md", true},

		// A trailing slash names a directory, as in .gitignore.
		{"directory at any depth", "vendor/", "web/vendor/x/y.js", true},
		{"directory at the root", "vendor/", "vendor/a.go", true},
		{"directory is not a file of that name", "vendor/", "vendor", false},
		{"directory with a slash is from the root", "web/vendor/", "app/web/vendor/a.js", false},
		{"anchored directory", "/vendor/", "web/vendor/a.js", false},
		{"dot slash is the root", "./deploy/**", "deploy/prod.yaml", true},
		{"dot slash is not deeper", "./id_rsa", "keys/id_rsa", false},

		// Escapes.
		{"escaped star is a star", `\*.txt`, "*.txt", true},
		{"escaped star is not a wildcard", `\*.txt`, "a.txt", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := MustGlob(c.glob).Match(c.path); got != c.want {
				t.Errorf("%q matches %q: %v, want %v", c.glob, c.path, got, c.want)
			}
		})
	}
}

// A leading "**/" before a single part matches that part's base name at any
// depth (see compileGlob): the same as doublestar's own matching of the
// whole pattern, for the built-in forbidden patterns and others.
func TestLeadingDoubleStarMatchesAsDoublestar(t *testing.T) {
	patterns := []string{"**/{a,b}.txt", "**/*", "**/[.]env", "**/x*", "**/.env.*",
		"**/.env[!.]*", "**/*[!a]key", "**/*[^.]pem", "**/a[.-0]b"}
	for _, r := range BuiltinForbidden {
		patterns = append(patterns, append([]string{r.Glob}, r.Except...)...)
	}
	paths := []string{"a.txt", "d/b.txt", "x", "deep/er/x.y", ".env", "app/.env.local", "app/.ENV.local",
		"id_rsa", "home/.ssh/id_rsa", "id_rsa/readme", "k.key", "a/b/c/k.KEY", "key", "a.key/b",
		".aws/credentials", "u/.aws/credentials", "secring.gpg", "x/secring.skr", ".config/gcloud/a/b.json",
		"w/wp-config.php", "db.sql.gz", "a/b.example.tfvars", "prod.tfvars", "a/.env.example",
		"app/.env/prod", "secrets/key", "certs/pem", "x/a/b", "a.b", "x/a-b"}
	for _, pat := range patterns {
		g := MustGlob(pat)
		for _, p := range paths {
			want, err := doublestar.Match(strings.ToLower(pat), strings.ToLower(p))
			if err != nil {
				t.Fatal(err)
			}
			if got := g.Match(p); got != want {
				t.Errorf("%q matches %q: %v, doublestar says %v", pat, p, got, want)
			}
		}
	}
}

func TestGlobsMatchAnyAndSayWhich(t *testing.T) {
	gs := MustGlobs("docs/**", "*.LOCK")
	g, ok := gs.First("web/yarn.lock")
	if !ok || g.String() != "*.LOCK" {
		t.Errorf("First = %q %v, want the pattern as written, *.LOCK", g, ok)
	}
	if gs.Match("web/a.md") {
		t.Error("web/a.md matches neither pattern")
	}
	if (Globs{}).Match("a") || (Glob{}).Match("a") {
		t.Error("an empty list and the zero glob match nothing")
	}
}

func TestParseGlobRefusesWhatMatchesNothing(t *testing.T) {
	cases := []struct{ glob, msg string }{
		{"", "empty glob"},
		{"   ", "empty glob"},
		{"/", `"/" matches no file`},
		{"src/[a-", `"src/[a-" is not a valid glob`},
		{"{a,b", `"{a,b" is not a valid glob`},
		{"./", `"./" matches no file`},
		{" *.pem", `starts or ends with a space`},
		{"*.pem ", `starts or ends with a space`},
		{"a//b", `has an empty, "." or ".." part`},
		{".//x", `has an empty, "." or ".." part`},
		{"././x", `has an empty, "." or ".." part`},
		{"docs/.", `has an empty, "." or ".." part`},
		{"../secrets/**", `has an empty, "." or ".." part`},
	}
	for _, c := range cases {
		t.Run(c.glob, func(t *testing.T) {
			_, err := ParseGlob(c.glob)
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("ParseGlob(%q) = %v, want an error saying %q", c.glob, err, c.msg)
			}
		})
	}
}

// TestInvalidGlobNamesFileAndLine checks the error a user reads for a bad
// pattern in each path list of the policy.
func TestInvalidGlobNamesFileAndLine(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"secrets.allow.paths", "version: 1\nsecrets:\n  allow:\n    paths:\n      - ok/**\n      - \"src/[a-\"\n",
			`repo/.security.yml:6:9: secrets.allow.paths[1]: "src/[a-" is not a valid glob`},
		{"dependencies.paths", "version: 1\ndependencies:\n  paths: [\"web/[\"]\n",
			`repo/.security.yml:3:11: dependencies.paths[0]: "web/[" is not a valid glob`},
		{"dependencies.ignore_paths", "version: 1\ndependencies:\n  ignore_paths:\n    - \"\"\n",
			`repo/.security.yml:4:7: dependencies.ignore_paths[0]: empty glob`},
		{"dlp.forbidden", "version: 1\ndlp:\n  forbidden:\n    - \"{a,b\"\n",
			`repo/.security.yml:4:7: dlp.forbidden[0]: "{a,b" is not a valid glob`},
		{"dlp.sensitive paths", "version: 1\ndlp:\n  sensitive:\n    - reason: prod\n      paths:\n        - ./\n",
			`repo/.security.yml:6:11: dlp.sensitive[0].paths[0]: "./" matches no file`},
		{"a mapping where a glob belongs", "version: 1\ndlp:\n  forbidden:\n    - {glob: x}\n",
			`repo/.security.yml:4:7: dlp.forbidden[0]: wrong type: got a mapping, want a path glob`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("repo/.security.yml", []byte(c.yaml))
			var inv *InvalidError
			if !errors.As(err, &inv) || len(inv.Problems) != 1 || !strings.Contains(inv.Problems[0].String(), c.want) {
				t.Errorf("got %v, want one problem: %s", err, c.want)
			}
		})
	}
}

// TestGlobsRoundTrip keeps a pattern as written when a policy is printed
// (check-config --print-effective) and read back.
func TestGlobsRoundTrip(t *testing.T) {
	p, err := Parse("a.yml", []byte("version: 1\nsecrets:\n  allow:\n    paths: [\"*.LOCK\", /Makefile]\n"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(p.Secrets.Allow)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "- '*.LOCK'\n") || !strings.Contains(string(out), "- /Makefile\n") {
		t.Errorf("written back as:\n%s", out)
	}
}

// TestWrongTypesInOneFlowListNameTheirOwnEntries: two bad entries on one
// line are each reported at their own column and index, every time (the
// position used to be picked from a map, in map order).
func TestWrongTypesInOneFlowListNameTheirOwnEntries(t *testing.T) {
	const doc = "version: 1\ndlp: {forbidden: [{glob: x}, [y]]}\n"
	want := []string{
		"pr/.security.yml:2:19: dlp.forbidden[0]: wrong type: got a mapping",
		"pr/.security.yml:2:30: dlp.forbidden[1]: wrong type: got a list",
	}
	for i := 0; i < 20; i++ {
		_, err := Parse("pr/.security.yml", []byte(doc))
		var inv *InvalidError
		if !errors.As(err, &inv) || len(inv.Problems) != len(want) {
			t.Fatalf("got %v, want %d problems", err, len(want))
		}
		for j, w := range want {
			if got := inv.Problems[j].String(); !strings.Contains(got, w) {
				t.Fatalf("parse %d, problem %d: got %q, want %q", i, j, got, w)
			}
		}
	}
}
