package deps

import (
	"reflect"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// TestScopeFollowsThePolicyGlobRule shows dependencies.paths and
// ignore_paths reading globs by the policy's one rule (config.Glob): case
// is ignored, a pattern without a slash is a base name at any depth, a
// leading "/" anchors to the root.
func TestScopeFollowsThePolicyGlobRule(t *testing.T) {
	files := []checks.File{
		{Path: "yarn.lock", Status: "modified"},
		{Path: "web/yarn.lock", Status: "modified"},
		{Path: "api/Cargo.lock", Status: "modified"},
		{Path: "api/go.mod", Status: "modified"},
	}
	cases := []struct {
		name          string
		paths, ignore []string
		want          []string
	}{
		{"no scope: every manifest", nil, nil, []string{"api/Cargo.lock", "api/go.mod", "web/yarn.lock", "yarn.lock"}},
		{"*.lock at any depth", []string{"*.lock"}, nil, []string{"api/Cargo.lock", "web/yarn.lock", "yarn.lock"}},
		{"*.LOCK is *.lock", []string{"*.LOCK"}, nil, []string{"api/Cargo.lock", "web/yarn.lock", "yarn.lock"}},
		{"cargo.lock finds Cargo.lock", []string{"cargo.lock"}, nil, []string{"api/Cargo.lock"}},
		{"anchored at the root", []string{"/yarn.lock"}, nil, []string{"yarn.lock"}},
		{"a directory", []string{"API/**"}, nil, []string{"api/Cargo.lock", "api/go.mod"}},
		{"ignore *.LOCK everywhere", nil, []string{"*.LOCK"}, []string{"api/go.mod"}},
		{"ignore wins over paths", []string{"api/**"}, []string{"go.mod"}, []string{"api/Cargo.lock"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pol := config.Default().Dependencies
			pol.Paths, pol.IgnorePaths = config.MustGlobs(c.paths...), config.MustGlobs(c.ignore...)
			var got []string
			for _, tg := range selectFiles(files, pol) {
				got = append(got, tg.file.Path)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("checked %v, want %v", got, c.want)
			}
		})
	}
}
