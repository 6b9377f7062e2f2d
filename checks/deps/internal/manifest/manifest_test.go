package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, p string) []byte {
	t.Helper()
	if p == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// want describes one expected package; zero fields are not checked, except
// that Line must be positive when line is -1.
type want struct {
	relation Relation
	scope    Scope
	source   SourceKind
	ref      string // substring of SourceRef
	line     int
	license  string
	install  bool
	rng      bool
}

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		kind      Kind
		file      string
		companion string
		count     int
		want      map[string]want // "name@version"
	}{
		{"package-lock v3 (npm 11)", PackageLock, "cases/npm-downgrade/head/package-lock.json", "", 6, map[string]want{
			"lodash@4.17.15":  {relation: Direct, scope: Runtime, source: Registry, license: "MIT", line: -1},
			"core-js@3.37.1":  {relation: Direct, scope: Runtime, install: true, line: 19},
			"semver@7.5.4":    {relation: Direct, scope: Development},
			"lru-cache@6.0.0": {relation: Transitive, scope: Development, license: "ISC"},
		}},
		{"package-lock v1 with package.json", PackageLock, "cases/npm-lockv1/head/package-lock.json", "cases/npm-lockv1/head/package.json", 6, map[string]want{
			"lodash@4.17.15":  {relation: Direct, scope: Runtime, line: -1},
			"lru-cache@6.0.0": {relation: Transitive, scope: Development},
		}},
		{"package-lock git and URL sources", PackageLock, "cases/npm-malware/head/package-lock.json", "", 8, map[string]want{
			"left-pad@1.3.0":       {relation: Direct, source: Git, ref: "github.com/stevemao/left-pad"},
			"flatmap-stream@0.1.1": {relation: Transitive, source: Registry},
		}},
		{"package.json ranges", PackageJSON, "cases/typosquat/head/package.json", "", 5, map[string]want{
			"lodahs@^1.0.0": {relation: Direct, scope: Runtime, rng: true, line: -1},
			"semver@7.5.4":  {relation: Direct, scope: Development, line: -1},
		}},
		{"yarn v1", YarnLock, "cases/yarn-v1/head/yarn.lock", "cases/yarn-v1/head/package.json", 6, map[string]want{
			"lodash@4.17.15":  {relation: Direct, scope: Runtime, line: 10},
			"lru-cache@6.0.0": {relation: Transitive},
		}},
		{"yarn v1 git, scoped and aliased", YarnLock, "lockfiles/yarn-git.lock", "", 3, map[string]want{
			"string-width@4.2.3":        {source: Registry, line: 16},
			"@babel/code-frame@7.12.13": {source: Registry, line: 5},
			"widget@1.0.0":              {source: Git, ref: "github.com/acme/widget"},
		}},
		{"yarn berry", YarnLock, "cases/yarn-berry/head/yarn.lock", "cases/yarn-berry/head/package.json", 6, map[string]want{
			"lodash@4.17.15": {relation: Direct, scope: Runtime, source: Registry, line: -1},
			"semver@7.5.4":   {relation: Direct, scope: Development},
		}},
		{"pnpm v9", PnpmLock, "cases/pnpm/head/pnpm-lock.yaml", "", 6, map[string]want{
			"lodash@4.17.15": {relation: Direct, scope: Runtime, line: -1},
			"semver@7.5.4":   {relation: Direct, scope: Development},
			"yallist@4.0.0":  {relation: Transitive},
		}},
		{"pnpm v6 with peers and a git tarball", PnpmLock, "lockfiles/pnpm-v6.yaml", "", 4, map[string]want{
			"react-dom@18.2.0":   {relation: Direct, scope: Runtime, line: -1},
			"typescript@5.4.5":   {relation: Direct, scope: Development},
			"loose-envify@1.4.0": {relation: Transitive, scope: Runtime},
			"widget@1.0.0":       {source: Git, ref: "codeload.github.com"},
		}},
		{"pnpm v9 with directories, an alias, peers and a git tarball", PnpmLock, "lockfiles/pnpm-v9.yaml", "", 6, map[string]want{
			"@vitejs/require@file:playground/json/dep-json-require":     {relation: Direct, scope: Development, source: Path, line: -1},
			"@vitejs/test-json-module@file:playground/json/json-module": {relation: Direct, scope: Development, source: Path},
			"event-stream@3.3.6": {relation: Direct, scope: Runtime, source: Git, ref: "codeload.github.com/dominictarr/event-stream"},
			"typescript@6.0.3":   {relation: Direct, scope: Development},
			"vue@3.5.41":         {relation: Direct, scope: Development},
			"@vue/shared@3.5.41": {relation: Transitive},
		}},
		{"pnpm v5", PnpmLock, "lockfiles/pnpm-v5.yaml", "", 2, map[string]want{
			"@babel/core@7.20.12": {relation: Direct, line: -1},
			"react-dom@17.0.2":    {relation: Direct, install: true},
		}},
		{"go.mod with replace", GoMod, "cases/go/head/go.mod", "", 4, map[string]want{
			"stdlib@1.22.0":                 {relation: Direct, scope: Runtime, line: 3, license: "BSD-3-Clause"},
			"golang.org/x/net@v0.15.0":      {relation: Direct, line: 7},
			"golang.org/x/text@v0.13.0":     {relation: Transitive, line: 8},
			"github.com/google/uuid@v1.6.1": {source: Replace, ref: "github.com/example-fork/uuid@v1.6.1"},
		}},
		{"requirements/ of pip-compile output (readthedocs)", Requirements, "lockfiles/requirements-pip.txt", "", 6, map[string]want{
			"amqp@5.3.1":    {line: 8},
			"boto3@1.43.56": {},
		}},
		{"requirements.txt", Requirements, "cases/pypi/head/requirements.txt", "", 4, map[string]want{
			"requests@2.19.0": {relation: Direct, line: 2},
			"gunicorn@>=21.0": {rng: true, line: 5},
		}},
		{"pip-compile output", Requirements, "lockfiles/requirements-compiled.txt", "", 5, map[string]want{
			"certifi@2024.2.2": {relation: Transitive, line: 7},
			"requests@2.31.0":  {relation: Direct, line: 13},
			"tool@v1.0":        {relation: Direct, source: Git, rng: true},
			"urllib3@https://files.example.com/urllib3-2.2.1-py3-none-any.whl": {relation: Transitive, source: URL, rng: true},
		}},
		{"poetry.lock with pyproject.toml", PoetryLock, "cases/poetry/head/poetry.lock", "cases/poetry/head/pyproject.toml", 3, map[string]want{
			"requests@2.19.0":  {relation: Direct, scope: Runtime, line: 25},
			"pytest@8.1.1":     {relation: Direct, scope: Development},
			"certifi@2024.2.2": {relation: Transitive},
		}},
		{"Pipfile.lock with Pipfile", PipfileLock, "lockfiles/Pipfile.lock", "lockfiles/Pipfile", 4, map[string]want{
			"requests@2.19.0":  {relation: Direct, scope: Runtime, line: -1},
			"pytest@8.1.1":     {relation: Direct, scope: Development},
			"certifi@2024.2.2": {relation: Transitive, scope: Runtime},
			"mylib@6b8a3c5d4e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b": {source: Git},
		}},
		{"uv.lock", UVLock, "lockfiles/uv.lock", "", 4, map[string]want{
			"requests@2.31.0":  {relation: Direct, scope: Runtime, line: -1},
			"pytest@8.1.1":     {relation: Direct, scope: Development},
			"certifi@2024.2.2": {relation: Transitive},
			"tool@0.3.0":       {source: Git},
		}},
		{"Cargo.lock", CargoLock, "cases/cargo/head/Cargo.lock", "", 2, map[string]want{
			"smallvec@1.6.0": {relation: Direct, line: -1},
		}},
		{"Cargo.lock v4 with git and two versions", CargoLock, "lockfiles/Cargo-git.lock", "", 3, map[string]want{
			"patched@0.2.0": {relation: Direct, source: Git},
			"rand@0.8.5":    {relation: Direct},
			"rand@0.7.3":    {relation: Direct},
		}},
		{"Gemfile.lock with platforms", GemfileLock, "cases/ruby-platform/head/Gemfile.lock", "", 3, map[string]want{
			"nokogiri@1.13.10": {relation: Direct, line: 5},
			"racc@1.6.0":       {relation: Transitive},
		}},
		{"composer.lock with licences", ComposerLock, "cases/composer/head/composer.lock", "cases/composer/head/composer.json", 5, map[string]want{
			"acme/gpl-lib@1.2.0":     {relation: Direct, scope: Runtime, license: "GPL-3.0-only", line: -1},
			"acme/dual@2.0.0":        {license: "(GPL-2.0-only OR MIT)"},
			"psr/log@3.0.0":          {relation: Transitive},
			"phpunit/phpunit@10.5.0": {relation: Direct, scope: Development},
		}},
		{"pom.xml", PomXML, "cases/maven/head/pom.xml", "", 4, map[string]want{
			"org.apache.logging.log4j:log4j-core@2.14.1": {relation: Direct, scope: Runtime, line: 26},
			"org.yaml:snakeyaml@2.2":                     {relation: Direct},
			"com.google.guava:guava@[32.0,33.0)":         {rng: true},
			"junit:junit@4.13.2":                         {scope: Development},
		}},
		{"gradle.lockfile", GradleLockfile, "lockfiles/gradle.lockfile", "", 4, map[string]want{
			"com.google.guava:guava@31.1-jre":            {scope: Runtime, line: 5},
			"junit:junit@4.13.2":                         {scope: Development},
			"org.apache.logging.log4j:log4j-core@2.14.1": {scope: Runtime},
		}},
		{"composite action (rubygems.org)", ActionMetadata, "lockfiles/action.yml", "", 1, map[string]want{
			"ruby/setup-ruby@95ef2b042f9d7a56d8268cba8559e2842e2ad01b": {relation: Direct, line: 31},
		}},
		{"workflow", Workflow, "cases/actions/head/.github/workflows/ci.yml", "", 4, map[string]want{
			"actions/setup-node@v4":           {relation: Direct, line: 8},
			"docker/build-push-action@master": {line: 17},
			"octo-org/shared/.github/workflows/release.yml@0123456789abcdef0123456789abcdef01234567": {},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkgs, err := Parse(tt.kind, read(t, tt.file), read(t, tt.companion))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			byKey := make(map[string]Package)
			var keys []string
			for _, p := range pkgs {
				byKey[p.Key()] = p
				keys = append(keys, p.Key())
				if p.Ecosystem != tt.kind.Ecosystem() {
					t.Errorf("%s: ecosystem %q", p.Key(), p.Ecosystem)
				}
			}
			if len(pkgs) != tt.count {
				t.Errorf("got %d packages, want %d: %s", len(pkgs), tt.count, strings.Join(keys, " "))
			}
			for k, w := range tt.want {
				p, ok := byKey[k]
				if !ok {
					t.Errorf("missing %s in %s", k, strings.Join(keys, " "))
					continue
				}
				if w.relation != Unknown && p.Relation != w.relation {
					t.Errorf("%s: relation %d, want %d", k, p.Relation, w.relation)
				}
				if w.scope != "" && p.Scope != w.scope {
					t.Errorf("%s: scope %q, want %q", k, p.Scope, w.scope)
				}
				if w.source != "" && p.Source != w.source {
					t.Errorf("%s: source %q, want %q", k, p.Source, w.source)
				}
				if !strings.Contains(p.SourceRef, w.ref) {
					t.Errorf("%s: source ref %q lacks %q", k, p.SourceRef, w.ref)
				}
				if (w.line > 0 && p.Line != w.line) || (w.line == -1 && p.Line <= 0) {
					t.Errorf("%s: line %d, want %d", k, p.Line, w.line)
				}
				if w.license != "" && p.License != w.license {
					t.Errorf("%s: license %q, want %q", k, p.License, w.license)
				}
				if p.InstallScript != w.install {
					t.Errorf("%s: install script %v", k, p.InstallScript)
				}
				if p.Range != w.rng {
					t.Errorf("%s: range %v", k, p.Range)
				}
			}
		})
	}
}

func TestPnpmKey(t *testing.T) {
	tests := []struct {
		key       string
		v5        bool
		name, ver string
	}{
		{"lodash@4.17.21", false, "lodash", "4.17.21"},
		{"/lodash@4.17.21", false, "lodash", "4.17.21"},
		{"/@babel/core@7.24.0", false, "@babel/core", "7.24.0"},
		{"pkg@1.0.0(peer@2.0.0)", false, "pkg", "1.0.0"},
		{"/@vitejs/require@file:playground/json", false, "@vitejs/require", "file:playground/json"},
		{"@vitejs/test-dep@file:playground/a/b(vue@3.5.41)", false, "@vitejs/test-dep", "file:playground/a/b"},
		{"event-stream@https://codeload.github.com/dominictarr/event-stream/tar.gz/e3f6b1f4", false,
			"event-stream", "https://codeload.github.com/dominictarr/event-stream/tar.gz/e3f6b1f4"},
		{"@scope/lib@https://example.com/lib-1.0.0.tgz", false, "@scope/lib", "https://example.com/lib-1.0.0.tgz"},
		{"github.com/acme/widget/0123456789abcdef", false, "github.com/acme/widget", "0123456789abcdef"},
		{"/lodash/4.17.21", true, "lodash", "4.17.21"},
		{"/@babel/core/7.20.12_supports-color@5.5.0", true, "@babel/core", "7.20.12"},
		{"/react-dom/17.0.2_react@17.0.2", true, "react-dom", "17.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if n, v := pnpmKey(tt.key, tt.v5); n != tt.name || v != tt.ver {
				t.Errorf("pnpmKey = %q, %q; want %q, %q", n, v, tt.name, tt.ver)
			}
		})
	}
}

func TestGoStdlib(t *testing.T) {
	tests := []struct {
		name, gomod, want string
	}{
		{"go directive", "module m\n\ngo 1.21\n", "1.21.0"},
		{"go directive with a patch", "module m\n\ngo 1.21.5\n", "1.21.5"},
		{"toolchain wins", "module m\n\ngo 1.21\n\ntoolchain go1.22.3\n", "1.22.3"},
		{"release candidate", "module m\n\ngo 1.21rc2\n", "1.21.0-rc.2"},
		{"old two-number go", "module m\n\ngo 1.16\n", "1.16.0"},
		{"no go directive", "module m\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkgs, err := Parse(GoMod, []byte(tt.gomod), nil)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, p := range pkgs {
				if p.Name == "stdlib" {
					got = p.Version
				}
			}
			if got != tt.want {
				t.Errorf("stdlib version = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVulnName(t *testing.T) {
	tests := []struct {
		p    Package
		want string
	}{
		{Package{Ecosystem: Actions, Name: "github/codeql-action/init"}, "github/codeql-action"},
		{Package{Ecosystem: Actions, Name: "octo-org/shared/.github/workflows/release.yml"}, "octo-org/shared"},
		{Package{Ecosystem: Actions, Name: "tj-actions/changed-files"}, "tj-actions/changed-files"},
		{Package{Ecosystem: Go, Name: "github.com/google/uuid", Source: Replace, SourceRef: "github.com/fork/uuid@v1.6.1"}, "github.com/fork/uuid"},
		{Package{Ecosystem: NPM, Name: "@babel/core"}, "@babel/core"},
	}
	for _, tt := range tests {
		if got := tt.p.VulnName(); got != tt.want {
			t.Errorf("VulnName(%s) = %q, want %q", tt.p.Name, got, tt.want)
		}
	}
}

func TestParseRejectsCorruptInput(t *testing.T) {
	tests := []struct {
		kind Kind
		in   string
	}{
		{PackageLock, `{"lockfileVersion": 3, "packages": {`},
		{PackageLock, `{"lockfileVersion": 7, "packages": {}}`},
		{PackageJSON, `not json`},
		{YarnLock, "lodash@^4:\n  resolved \"x\"\n"},
		{YarnLock, "  version \"1\"\nheader without colon\n"},
		{PnpmLock, "packages: [1, 2"},
		{PnpmLock, "packages: {}\n"},
		{GoMod, "module x\nrequire (\n"},
		{PoetryLock, "[[package]]\nname = \"x\"\n"},
		{PipfileLock, `{"_meta": {}}`},
		{UVLock, "[[package]\n"},
		{CargoLock, "[[package]]\nversion = \"1\"\n"},
		{GemfileLock, "GEM\n  specs:\n    nokogiri 1.0\n"},
		{ComposerLock, `{"packages": [{"name": "a"}]}`},
		{PomXML, `<project><dependencies><dependency></project>`},
		{PomXML, `<html></html>`},
		{GradleLockfile, "com.google.guava:guava=compileClasspath\n"},
		{Requirements, "???\n"},
		{Workflow, "jobs: [\n"},
		{ActionMetadata, "runs: {using: composite, steps: [\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			if pkgs, err := Parse(tt.kind, []byte(tt.in), nil); err == nil {
				t.Errorf("accepted corrupt input, got %d packages", len(pkgs))
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := map[string]Kind{
		"go.mod": GoMod, "services/api/go.mod": GoMod, "web/package.json": PackageJSON,
		"package-lock.json": PackageLock, "npm-shrinkwrap.json": PackageLock, "yarn.lock": YarnLock,
		"pnpm-lock.yaml": PnpmLock, "requirements.txt": Requirements, "requirements-dev.txt": Requirements,
		"requirements/prod-requirements.txt": Requirements, "poetry.lock": PoetryLock, "Pipfile.lock": PipfileLock,
		"uv.lock": UVLock, "Cargo.lock": CargoLock, "Gemfile.lock": GemfileLock, "composer.lock": ComposerLock,
		"pom.xml": PomXML, "gradle.lockfile": GradleLockfile, "buildscript-gradle.lockfile": GradleLockfile,
		".github/workflows/ci.yml": Workflow, ".github/workflows/release.yaml": Workflow,
		"requirements/pip.txt": Requirements, "docs/requirements/docs.txt": Requirements,
		"action.yml": ActionMetadata, ".github/actions/setup/action.yaml": ActionMetadata, "tools/lint/action.yml": ActionMetadata,
	}
	for p, k := range tests {
		if got, ok := Detect(p); !ok || got != k {
			t.Errorf("Detect(%q) = %q, %v; want %q", p, got, ok, k)
		}
	}
	for _, p := range []string{"README.md", "node_modules/x/package.json", ".github/workflows/scripts/x.sh", "docs/requirements.md", ".github/dependabot.yml",
		"requirements/pip.in", "requirements/README.md", "node_modules/x/action.yml", "src/action.yml.tmpl"} {
		if k, ok := Detect(p); ok {
			t.Errorf("Detect(%q) = %q", p, k)
		}
	}
}
