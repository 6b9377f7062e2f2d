package manifest

import (
	"os"
	"path/filepath"
	"testing"
)

var fuzzKinds = []Kind{GoMod, PackageJSON, PackageLock, YarnLock, PnpmLock, Requirements, PoetryLock,
	PipfileLock, UVLock, CargoLock, GemfileLock, ComposerLock, PomXML, GradleLockfile, Workflow, ActionMetadata}

// FuzzParse feeds every parser arbitrary bytes: any input must give an error
// or packages, never a panic. Run: go test -fuzz FuzzParse ./checks/deps/internal/manifest
func FuzzParse(f *testing.F) {
	seeds := []string{
		"cases/npm-downgrade/head/package-lock.json", "cases/npm-lockv1/head/package-lock.json",
		"cases/yarn-v1/head/yarn.lock", "cases/yarn-berry/head/yarn.lock", "cases/pnpm/head/pnpm-lock.yaml",
		"cases/go/head/go.mod", "cases/pypi/head/requirements.txt", "cases/poetry/head/poetry.lock",
		"cases/maven/head/pom.xml", "cases/ruby-platform/head/Gemfile.lock", "cases/cargo/head/Cargo.lock",
		"cases/composer/head/composer.lock", "cases/actions/head/.github/workflows/ci.yml",
		"lockfiles/Pipfile.lock", "lockfiles/uv.lock", "lockfiles/gradle.lockfile", "lockfiles/pnpm-v5.yaml",
		"lockfiles/pnpm-v9.yaml", "lockfiles/action.yml",
	}
	for i, s := range seeds {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Fuzz(func(t *testing.T, k uint8, data []byte) {
		kind := fuzzKinds[int(k)%len(fuzzKinds)]
		pkgs, err := Parse(kind, data, data)
		if err != nil && pkgs != nil {
			t.Errorf("%s: error with packages", kind)
		}
	})
}
