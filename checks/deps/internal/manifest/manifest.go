// Package manifest reads dependency manifests and lockfiles from memory into
// one package model, with the line of each package so findings can point at it.
// Every parser returns an error or a result for any input; none panics.
package manifest

import (
	"fmt"
	"strings"
)

// OSV ecosystem names.
const (
	Go        = "Go"
	NPM       = "npm"
	PyPI      = "PyPI"
	Cargo     = "crates.io"
	RubyGems  = "RubyGems"
	Packagist = "Packagist"
	Maven     = "Maven"
	Actions   = "GitHub Actions"
)

// Scope says whether a dependency ships with the software.
type Scope string

// Scopes; empty when the format does not say.
const (
	Runtime     Scope = "runtime"
	Development Scope = "development"
)

// Relation says whether the project asks for the package itself.
type Relation int

// Relations; Unknown when the format does not say. Managed is a version a
// Maven POM's dependencyManagement pins for its modules, which use it when
// they depend on the package.
const (
	Unknown Relation = iota
	Direct
	Transitive
	Managed
)

// SourceKind says where a package comes from.
type SourceKind string

// Source kinds. Replace is a Go replace directive pointing at another module.
const (
	Registry SourceKind = "registry"
	Git      SourceKind = "git"
	URL      SourceKind = "url"
	Path     SourceKind = "path"
	Replace  SourceKind = "replace"
)

// Package is one resolved (or, in a manifest, requested) dependency.
type Package struct {
	Ecosystem string
	Name      string
	// Version is the resolved version; when Range is true it is the requested
	// range or specifier instead (a manifest without a lockfile) and is never
	// matched against advisories.
	Version  string
	Range    bool
	Relation Relation
	Scope    Scope
	Source   SourceKind
	// SourceRef is the git URL, tarball URL, local path or replacement module.
	SourceRef string
	// License is the SPDX expression the lockfile records, if any.
	License string
	// InstallScript is npm's hasInstallScript: the package runs code on install.
	InstallScript bool
	// Line is the 1-based line of the package in the file; 0 when unknown.
	Line int
	// Unresolved says why a version could not be resolved (a Maven version
	// managed by a parent or BOM outside the repository); Range is then true.
	Unresolved string
}

// VulnName returns the name to look advisories up under: a Go module
// replaced by another is vulnerable as the replacement; an action in a
// repository's subdirectory, or a reusable workflow, as its repository
// ("github/codeql-action/init" is "github/codeql-action").
func (p Package) VulnName() string {
	if p.Ecosystem == Actions {
		if parts := strings.SplitN(p.Name, "/", 3); len(parts) == 3 {
			return parts[0] + "/" + parts[1]
		}
		return p.Name
	}
	if p.Source == Replace && p.SourceRef != "" {
		if i := strings.LastIndexByte(p.SourceRef, '@'); i > 0 {
			return p.SourceRef[:i]
		}
		return p.SourceRef
	}
	return p.Name
}

// Key identifies a package within one file (name, version, scope-independent).
func (p Package) Key() string { return p.Name + "@" + p.Version }

// Kind is a file format this package understands.
type Kind string

// Kinds of files.
const (
	GoMod          Kind = "go.mod"
	PackageJSON    Kind = "package.json"
	PackageLock    Kind = "package-lock.json"
	YarnLock       Kind = "yarn.lock"
	PnpmLock       Kind = "pnpm-lock.yaml"
	Requirements   Kind = "requirements.txt"
	PoetryLock     Kind = "poetry.lock"
	PipfileLock    Kind = "Pipfile.lock"
	UVLock         Kind = "uv.lock"
	CargoLock      Kind = "Cargo.lock"
	GemfileLock    Kind = "Gemfile.lock"
	ComposerLock   Kind = "composer.lock"
	PomXML         Kind = "pom.xml"
	GradleLockfile Kind = "gradle.lockfile"
	Workflow       Kind = "workflow"
	// ActionMetadata is an action's action.yml: a composite action's steps use other actions.
	ActionMetadata Kind = "action.yml"
)

// Ecosystem returns the OSV ecosystem of a kind of file.
func (k Kind) Ecosystem() string {
	switch k {
	case GoMod:
		return Go
	case PackageJSON, PackageLock, YarnLock, PnpmLock:
		return NPM
	case Requirements, PoetryLock, PipfileLock, UVLock:
		return PyPI
	case CargoLock:
		return Cargo
	case GemfileLock:
		return RubyGems
	case ComposerLock:
		return Packagist
	case PomXML, GradleLockfile:
		return Maven
	case Workflow, ActionMetadata:
		return Actions
	}
	return ""
}

// Companion is the manifest beside a lockfile that says which packages are
// direct (and which are for development), when the lockfile does not.
func (k Kind) Companion() string {
	switch k {
	case PackageLock, YarnLock:
		return "package.json"
	case PoetryLock:
		return "pyproject.toml"
	case PipfileLock:
		return "Pipfile"
	case ComposerLock:
		return "composer.json"
	}
	return ""
}

// Parse reads content of a file of kind k. companion is the content of
// k.Companion() beside it (nil when absent).
func Parse(k Kind, content, companion []byte) ([]Package, error) {
	var (
		pkgs []Package
		err  error
	)
	switch k {
	case GoMod:
		pkgs, err = parseGoMod(content)
	case PackageJSON:
		pkgs, err = parsePackageJSON(content)
	case PackageLock:
		pkgs, err = parsePackageLock(content, companion)
	case YarnLock:
		pkgs, err = parseYarnLock(content, companion)
	case PnpmLock:
		pkgs, err = parsePnpmLock(content)
	case Requirements:
		pkgs, err = parseRequirements(content)
	case PoetryLock:
		pkgs, err = parsePoetryLock(content, companion)
	case PipfileLock:
		pkgs, err = parsePipfileLock(content, companion)
	case UVLock:
		pkgs, err = parseUVLock(content)
	case CargoLock:
		pkgs, err = parseCargoLock(content)
	case GemfileLock:
		pkgs, err = parseGemfileLock(content)
	case ComposerLock:
		pkgs, err = parseComposerLock(content, companion)
	case PomXML:
		pkgs, err = parsePom(content)
	case GradleLockfile:
		pkgs, err = parseGradleLockfile(content)
	case Workflow:
		pkgs, err = parseUses(content, "workflow")
	case ActionMetadata:
		pkgs, err = parseUses(content, "action.yml")
	default:
		return nil, fmt.Errorf("unsupported file kind %q", k)
	}
	if err != nil {
		return nil, err
	}
	return finish(k, pkgs), nil
}

// finish sets what every parser leaves to its kind: the ecosystem, and the
// registry as the source when no other is known.
func finish(k Kind, pkgs []Package) []Package {
	eco := k.Ecosystem()
	for i := range pkgs {
		pkgs[i].Ecosystem = eco
		if pkgs[i].Source == "" {
			pkgs[i].Source = Registry
		}
	}
	return pkgs
}
