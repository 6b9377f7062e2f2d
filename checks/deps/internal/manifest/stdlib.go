package manifest

import (
	"regexp"
	"strings"

	"golang.org/x/mod/modfile"
)

// goRelease is a Go release as go.mod writes it: "1.21", "1.21.5", "1.21rc2".
var goRelease = regexp.MustCompile(`^1\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$`)

// goStdlib is the Go standard library the module builds with, as OSV names it
// (package "stdlib", versions "1.21.5"): the toolchain directive's release,
// else the go directive's, which is the oldest the module accepts.
func goStdlib(f *modfile.File) (Package, bool) {
	p := Package{Name: "stdlib", Relation: Direct, Scope: Runtime, License: "BSD-3-Clause"}
	var raw string
	switch {
	case f.Toolchain != nil:
		raw, p.Line = strings.TrimPrefix(f.Toolchain.Name, "go"), f.Toolchain.Syntax.Start.Line
	case f.Go != nil:
		raw, p.Line = f.Go.Version, f.Go.Syntax.Start.Line
	default:
		return Package{}, false
	}
	m := goRelease.FindStringSubmatch(raw)
	if m == nil {
		return Package{}, false // a custom toolchain name ("go1.22.1+auto") says nothing OSV knows
	}
	patch := m[2]
	if patch == "" {
		patch = "0"
	}
	p.Version = "1." + m[1] + "." + patch
	if m[3] != "" {
		p.Version += "-" + m[3] + "." + m[4]
	}
	return p, true
}
