package denylist

import "testing"

func TestValidateDenyPattern(t *testing.T) {
	valid := []string{"pkg:npm/@evil-scope/*", "pkg:pypi/foo@<2.0", "pkg:npm/event-stream", "pkg:pypi/foo@1.2.3",
		"pkg:golang/golang.org/x/net@<0.17.0", "pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0,<2.15.0",
		"pkg:npm/%40evil-scope/thing", "pkg:gem/nokogiri@<1.13.4", "pkg:cargo/smallvec", "pkg:composer/acme/*",
		"pkg:github/actions/*", "pkg:npm/left-pad@*"}
	for _, s := range valid {
		if err := Validate(s); err != nil {
			t.Errorf("Validate(%q) = %v", s, err)
		}
	}
	invalid := []string{"npm/event-stream", "pkg:unknown/x", "pkg:npm", "pkg:npm/", "pkg:pypi/foo@<not a version!",
		"pkg:maven/only-artifact", "pkg:npm/[", "pkg:npm/x@1.0.0,<>2"}
	for _, s := range invalid {
		if err := Validate(s); err == nil {
			t.Errorf("Validate(%q) accepted", s)
		}
	}
}

func TestDenyPatternMatches(t *testing.T) {
	type pk struct {
		eco, name, ver string
		rng            bool
	}
	pkg := func(eco, name, ver string, rng bool) pk { return pk{eco, name, ver, rng} }
	tests := []struct {
		pattern string
		p       pk
		want    bool
	}{
		{"pkg:npm/@evil-scope/*", pkg("npm", "@evil-scope/stealer", "1.0.0", false), true},
		{"pkg:npm/@evil-scope/*", pkg("npm", "@good-scope/stealer", "1.0.0", false), false},
		{"pkg:npm/event-stream", pkg("npm", "event-stream", "3.3.6", false), true},
		{"pkg:npm/event-stream", pkg("PyPI", "event-stream", "3.3.6", false), false},
		{"pkg:pypi/foo@<2.0", pkg("PyPI", "Foo", "1.9", false), true},
		{"pkg:pypi/foo@<2.0", pkg("PyPI", "foo", "2.0", false), false},
		{"pkg:pypi/foo@<2.0", pkg("PyPI", "foo", ">=1.0", true), false},
		{"pkg:pypi/foo_bar", pkg("PyPI", "Foo.Bar", "1.0", false), true},
		{"pkg:pypi/foo@1.2.3", pkg("PyPI", "foo", "1.2.3", false), true},
		{"pkg:pypi/foo@1.2.3", pkg("PyPI", "foo", "1.2.4", false), false},
		{"pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0,<2.15.0", pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", false), true},
		{"pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0,<2.15.0", pkg("Maven", "org.apache.logging.log4j:log4j-core", "2.17.1", false), false},
		{"pkg:golang/golang.org/x/net@<0.17.0", pkg("Go", "golang.org/x/net", "v0.15.0", false), true},
		{"pkg:npm/%40evil-scope/thing", pkg("npm", "@evil-scope/thing", "1.0.0", false), true},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.p.name+"@"+tt.p.ver, func(t *testing.T) {
			d, err := Parse(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Matches(tt.p.eco, tt.p.name, tt.p.ver, tt.p.rng); got != tt.want {
				t.Errorf("matches = %v, want %v", got, tt.want)
			}
		})
	}
}
