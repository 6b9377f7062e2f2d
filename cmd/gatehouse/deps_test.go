package main

import (
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

// testOnlyModules are modules only the tests use: the fake GitHub validates
// against GitHub's OpenAPI description (kin-openapi) and the setup page is
// driven in a headless browser (chromedp). golang-jwt is not one of them:
// ghinstallation, which signs the App's JWTs, links it into the product.
var testOnlyModules = []string{"github.com/getkin/kin-openapi", "github.com/chromedp/"}

// TestBinaryLinksNoTestSupport: the gatehouse binary links none of the
// repository's test-support packages (the fake GitHub, the throwaway
// PostgreSQL, the fixtures of checks, local repositories and the schema, the
// shared test helpers) nor a module only they use. Test support is not
// product: it would grow the binary and put code written to fake GitHub
// within reach of the server.
func TestBinaryLinksNoTestSupport(t *testing.T) {
	module := goList(t, "-m")[0]
	var support []string
	for _, p := range goList(t, module+"/...") {
		if isTestSupport(p) {
			support = append(support, p)
		}
	}
	if !slices.Contains(support, module+"/internal/githubtest") {
		t.Fatalf("the fake GitHub is not among the test-support packages %v: the guard would check nothing", support)
	}
	// The release build (deploy/build.sh), the WebAssembly build, the plain one.
	for _, tags := range []string{"gore2regex,re2_cgo,netgo,osusergo", "gore2regex", ""} {
		t.Run("tags="+tags, func(t *testing.T) {
			var linked []string
			importers := map[string][]string{} // what imports each package, to say how a bad one got in
			for _, line := range goList(t, "-tags", tags, "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".") {
				fields := strings.Fields(line)
				linked = append(linked, fields[0])
				for _, imp := range fields[1:] {
					importers[imp] = append(importers[imp], fields[0])
				}
			}
			if !slices.Contains(linked, module+"/server") {
				t.Fatalf("go list did not list the server package among the binary's %d", len(linked))
			}
			for _, p := range linked {
				if slices.Contains(support, p) || linksTestOnlyModule(p) {
					t.Errorf("the gatehouse binary links %s (imported by %s)", p, strings.Join(importers[p], ", "))
				}
			}
		})
	}
}

// isTestSupport: a package of this module named like Go's own test helpers
// (…test, as net/http/httptest) or the shared helpers, internal/testutil.
func isTestSupport(importPath string) bool {
	base := path.Base(importPath)
	return strings.HasSuffix(base, "test") || base == "testutil"
}

func linksTestOnlyModule(importPath string) bool {
	for _, m := range testOnlyModules {
		if strings.HasPrefix(importPath, m) {
			return true
		}
	}
	return false
}

// goList runs `go list` with args in this package's directory and returns
// its lines.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("go list %s: %s", strings.Join(args, " "), msg)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}
