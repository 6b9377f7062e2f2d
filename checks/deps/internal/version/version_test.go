package version

import "testing"

func TestCompare(t *testing.T) {
	tests := []struct {
		eco, a, b string
		want      int
	}{
		// npm / crates / SEMVER
		{"npm", "4.17.15", "4.17.21", -1},
		{"npm", "4.17.21", "4.17.21", 0},
		{"npm", "1.0.0-alpha", "1.0.0", -1},
		{"npm", "1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{"npm", "1.0.0-beta.11", "1.0.0-beta.2", 1},
		{"npm", "1.0.0+build.5", "1.0.0", 0},
		{"crates.io", "0.2.1-0", "0.2.1", -1},
		{"npm", "10.0.0", "9.99.99", 1},
		// Go: "v" prefix, pseudo-versions, +incompatible
		{"Go", "v0.15.0", "0.17.0", -1},
		{"Go", "v0.0.0-20150717181359-44718f8a89b0", "v3.2.0+incompatible", -1},
		{"Go", "v4.0.0-preview1", "v4.0.0", -1},
		// PyPI (PEP 440)
		{"PyPI", "2.19.0", "2.20.0", -1},
		{"PyPI", "2.20", "2.20.0", 0},
		{"PyPI", "1.0.dev1", "1.0a1", -1},
		{"PyPI", "1.0a1", "1.0b1", -1},
		{"PyPI", "1.0rc1", "1.0", -1},
		{"PyPI", "1.0", "1.0.post1", -1},
		{"PyPI", "1.0.post1.dev1", "1.0.post1", -1},
		{"PyPI", "1!0.1", "2.0", 1},
		{"PyPI", "1.0+local.1", "1.0", 1},
		{"PyPI", "1.0-1", "1.0.post1", 0},
		// Maven (ComparableVersion)
		{"Maven", "2.14.1", "2.15.0", -1},
		{"Maven", "2.4", "2.12.2", -1},
		{"Maven", "1.0", "1.0.0", 0},
		{"Maven", "1.0-alpha-1", "1.0", -1},
		{"Maven", "1.0-SNAPSHOT", "1.0", -1},
		{"Maven", "1.0-rc1", "1.0-SNAPSHOT", -1},
		{"Maven", "1.0.RELEASE", "1.0", 0},
		{"Maven", "1.0-sp1", "1.0", 1},
		{"Maven", "31.1-jre", "31.1-android", 1},
		{"Maven", "1.0a1", "1.0-alpha1", 0},
		{"Maven", "1.31", "1.4", 1},
		// RubyGems
		{"RubyGems", "1.13.3", "1.13.4", -1},
		{"RubyGems", "1.13.10", "1.13.4", 1},
		{"RubyGems", "1.0.0.pre", "1.0.0", -1},
		{"RubyGems", "1.0", "1.0.0", 0},
		{"RubyGems", "1.0.0-rc1", "1.0.0", -1},
		// Packagist
		{"Packagist", "v1.2.3", "1.2.4", -1},
		{"Packagist", "1.0.0-beta1", "1.0.0", -1},
		{"Packagist", "1.0.0-RC1", "1.0.0-beta2", 1},
		{"Packagist", "1.0.0", "1.0.0-p1", -1},
		// Composer's VersionParser expands b, a, p, pl and rc to beta, alpha,
		// patch and RC before comparing; equal words never compare as strings.
		{"Packagist", "1.0.0-b1", "1.0.0-beta1", 0},
		{"Packagist", "1.0.0-pl1", "1.0.0-p1", 0},
		{"Packagist", "1.0.0-patch1", "1.0.0-pl1", 0},
		{"Packagist", "1.0.0-a2", "1.0.0-alpha2", 0},
		{"Packagist", "1.0.0-RC1", "1.0.0-rc1", 0},
		{"Packagist", "1.0.0-b2", "1.0.0-beta1", 1},
		{"Packagist", "1.0.0-alpha.3", "1.0.0-b1", -1},
		{"Packagist", "1.0.0-beta1-dev", "1.0.0-beta1", -1},
		{"Packagist", "1.0.0-dev", "1.0.0-alpha1", -1},
		{"Packagist", "1.0.0-p1", "1.0.1", -1},
		// Normalised to four numbers; "stable" and build metadata dropped.
		{"Packagist", "1.2", "1.2.0.0", 0},
		{"Packagist", "v1.2", "1.2.0.1", -1},
		{"Packagist", "1.0.0-stable", "1.0.0", 0},
		{"Packagist", "1.0.0+build.7", "1.0.0", 0},
		// Anything else
		{"GitHub Actions", "v4", "v3.9", 1},
	}
	for _, tt := range tests {
		t.Run(tt.eco+" "+tt.a+" vs "+tt.b, func(t *testing.T) {
			got, err := Compare(tt.eco, tt.a, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Compare = %d, want %d", got, tt.want)
			}
			back, _ := Compare(tt.eco, tt.b, tt.a)
			if back != -tt.want {
				t.Errorf("reverse Compare = %d, want %d", back, -tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ eco, v string }{
		{"npm", "not-a-version"}, {"npm", ""}, {"Go", "v1.2.3.4"}, {"PyPI", "1.0.foo"}, {"RubyGems", "1.0 beta"},
	} {
		t.Run(tt.eco+" "+tt.v, func(t *testing.T) {
			if _, err := Parse(tt.eco, tt.v); err == nil {
				t.Errorf("Parse(%q) succeeded", tt.v)
			}
		})
	}
}
