package deps

import "testing"

func TestTyposquat(t *testing.T) {
	tests := []struct {
		eco, name, target string
		want              bool
	}{
		{"npm", "lodahs", "lodash", true},
		{"npm", "expres", "express", true},
		{"npm", "crossenv", "cross-env", true},
		{"npm", "lodash", "", false},   // the real one
		{"npm", "preact", "", false},   // a known legitimate neighbour
		{"npm", "left-pad", "", false}, // popular itself
		{"npm", "ms", "", false},       // too short to judge
		{"npm", "my-internal-lib", "", false},
		{"PyPI", "reqeusts", "requests", true},
		{"PyPI", "Requests", "", false},
		{"PyPI", "python-dateutils", "python-dateutil", true},
		{"PyPI", "djnago", "django", true},
		{"Go", "github.com/sirupsen/logrsu", "github.com/sirupsen/logrus", true},
		{"crates.io", "serde_jsom", "serde_json", true},
		{"GitHub Actions", "actons/checkout", "actions/checkout", true},
		{"RubyGems", "nokogiri", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.eco+" "+tt.name, func(t *testing.T) {
			got, ok := typosquatOf(tt.eco, tt.name)
			if ok != tt.want || got != tt.target {
				t.Errorf("typosquatOf = %q, %v; want %q, %v", got, ok, tt.target, tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"lodash", "lodash", 0}, {"lodahs", "lodash", 1}, {"lodas", "lodash", 1}, {"l0dash", "lodash", 1},
		{"reqeusts", "requests", 1}, {"rqeuests", "requests", 1}, {"abc", "xyz", 3}, {"", "ab", 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := editDistance("abcdefgh", "zyxwvuts", 2); got != 3 {
		t.Errorf("bounded distance = %d, want limit+1", got)
	}
}
