package deps

import (
	"os"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
)

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
		{"Go", "github.com/siruspen/logrus", "github.com/sirupsen/logrus", true},
		// Only the owner of a namespace publishes in it: siblings are not typos.
		{"Go", "github.com/sirupsen/logrsu", "", false},
		{"Go", "golang.org/x/exp", "", false},
		{"Go", "golang.org/x/term", "", false},
		{"npm", "@babel/cores", "", false},
		{"npm", "@babal/core", "@babel/core", true},
		{"Maven", "org.apache.logging.log4j:log4j-apu", "", false},
		{"Maven", "org.apache.logging.log4i:log4j-core", "org.apache.logging.log4j:log4j-core", true},
		{"Packagist", "symfony/consoel", "", false},
		{"Packagist", "symfomy/console", "symfony/console", true},
		{"GitHub Actions", "actions/checkuot", "", false},
		// Major versions of one module are not typos of each other.
		{"Go", "github.com/golang-jwt/jwt/v4", "", false},
		{"Go", "github.com/golang-jwt/jwt", "", false},
		{"Go", "gopkg.in/yaml.v4", "", false},
		// Names in wide use (real lockfiles: vite, babel, axios, poetry) and
		// numbered forks are not typos.
		{"npm", "safer-buffer", "", false},
		{"npm", "through", "", false},
		{"npm", "commondir", "", false},
		{"npm", "tslint", "", false},
		{"npm", "http-proxy-3", "", false},
		{"PyPI", "installer", "", false},
		{"RubyGems", "aws-sdk-sqs", "", false},
		// Two edits in a short name reach real neighbours (bat, webpack):
		// two count only from twelve characters.
		{"crates.io", "crossterm", "", false},
		{"npm", "wast-loader", "", false},
		{"npm", "webpak-dev-servr", "webpack-dev-server", true},
		{"npm", "webpack-dev-servre", "webpack-dev-server", true},
		{"npm", "eslint-plugin-reakt", "eslint-plugin-react", true},
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

// Gatehouse's own go.mod once warned of golang-jwt/jwt/v4 and golang.org/x/exp.
func TestNoTyposquatInRealManifests(t *testing.T) {
	tests := []struct {
		kind manifest.Kind
		path string
	}{
		{manifest.GoMod, "../../go.mod"},
		{manifest.PnpmLock, "testdata/lockfiles/pnpm-v9.yaml"},
		{manifest.Requirements, "testdata/lockfiles/requirements-pip.txt"},
		{manifest.ActionMetadata, "testdata/lockfiles/action.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			pkgs, err := manifest.Parse(tt.kind, b, nil)
			if err != nil || len(pkgs) == 0 {
				t.Fatalf("%d packages, %v", len(pkgs), err)
			}
			for _, p := range pkgs {
				if target, ok := typosquatOf(p.Ecosystem, p.Name); ok {
					t.Errorf("%s looks like a typo of %s", p.Name, target)
				}
			}
		})
	}
}
