package manifest

import (
	"path"
	"strings"
)

// Detect returns the kind of the file at p, or false when it is not a file
// this package reads.
func Detect(p string) (Kind, bool) {
	base := path.Base(p)
	switch base {
	case "go.mod":
		return GoMod, true
	case "package.json":
		if inNodeModules(p) {
			return "", false
		}
		return PackageJSON, true
	case "package-lock.json", "npm-shrinkwrap.json":
		if inNodeModules(p) {
			return "", false
		}
		return PackageLock, true
	case "yarn.lock":
		return YarnLock, true
	case "pnpm-lock.yaml":
		return PnpmLock, true
	case "poetry.lock":
		return PoetryLock, true
	case "Pipfile.lock":
		return PipfileLock, true
	case "uv.lock":
		return UVLock, true
	case "Cargo.lock":
		return CargoLock, true
	case "Gemfile.lock", "gems.locked":
		return GemfileLock, true
	case "composer.lock":
		return ComposerLock, true
	case "pom.xml":
		return PomXML, true
	case "action.yml", "action.yaml":
		if inNodeModules(p) {
			return "", false
		}
		return ActionMetadata, true
	}
	// requirements*.txt anywhere, and every .txt of a requirements/ directory
	// (requirements/pip.txt). pip-compile's .in inputs are not read: they hold
	// ranges, and the .txt compiled from them holds the pins.
	if strings.HasSuffix(base, ".txt") && (strings.Contains(strings.ToLower(base), "requirements") || path.Base(path.Dir(p)) == "requirements") {
		return Requirements, true
	}
	if base == "gradle.lockfile" || strings.HasSuffix(base, "-gradle.lockfile") || (strings.HasSuffix(base, ".lockfile") && strings.Contains(p, "dependency-locks/")) {
		return GradleLockfile, true
	}
	if dir := path.Dir(p); (dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")) &&
		(strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")) {
		return Workflow, true
	}
	return "", false
}

func inNodeModules(p string) bool {
	return strings.HasPrefix(p, "node_modules/") || strings.Contains(p, "/node_modules/")
}
