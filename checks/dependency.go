package checks

// DependencyReport is what the dependency check tells the reports besides
// its findings: every dependency the change adds, removes or changes, and the
// ones it could not check.
type DependencyReport struct {
	// Files counts the manifests and lockfiles compared.
	Files int
	// Changes, ordered by file, then kind of change, then name.
	Changes []DependencyChange
	// Unresolved are dependencies whose version is managed outside the
	// repository (a Maven parent or BOM it does not hold): not checked.
	Unresolved []UnresolvedDependency
}

// DependencyChange is one dependency a change adds, removes or changes.
type DependencyChange struct {
	Path      string
	Ecosystem string
	Name      string
	// Change is added, removed, upgraded, downgraded, changed (versions that
	// do not order) or source changed (same version, another source).
	Change string
	// From and To are the versions; From is empty when added, To when removed.
	From, To string
	// FromSource and ToSource are set when the source kind changed
	// (registry, git, url, path, replace).
	FromSource, ToSource string
	// Relation is direct, transitive, managed (a version a Maven POM pins for
	// its modules) or empty (the file does not say).
	Relation string
	// Scope is runtime, development or empty (the file does not say).
	Scope string
}

// UnresolvedDependency is a dependency whose version could not be resolved.
type UnresolvedDependency struct {
	Path string
	Name string
	// Why says where the version is managed (the parent or BOM named).
	Why string
}
