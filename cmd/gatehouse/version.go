package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version may be set at build time with -ldflags "-X main.version=…" (the
// Docker image does); otherwise, or when it is "dev", the module version
// from the build information is used: the tag for `go install …@vX.Y.Z`,
// "(devel)" for a build from a checkout.
var version = ""

func init() {
	if version == "" || version == "dev" {
		bi, ok := debug.ReadBuildInfo()
		version = describeBuild(bi, ok, "").version
	}
}

const versionUsage = `usage: gatehouse version

Prints the version and the build information: the module version (the
release tag when installed with go install …@vX.Y.Z, "(devel)" for a build
from a checkout), the commit, its date, "modified" when the work tree had
uncommitted changes, and the Go version.
`

// versionCmd is `gatehouse version`.
func versionCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version")
	if code, ok := parseFlagsOnly(fs, versionUsage, args, stdout, stderr); !ok {
		return code
	}
	bi, ok := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, describeBuild(bi, ok, version).String())
	return 0
}

// buildDescription is what a binary knows of its own build.
type buildDescription struct {
	version  string // v1.2.3, (devel), or what -ldflags set
	revision string // the commit, short
	date     string // the commit's date, YYYY-MM-DD
	modified bool   // the work tree had uncommitted changes
	goVer    string
}

// describeBuild reads the build information Go embeds in every binary. An
// override (from -ldflags) replaces the module version only.
func describeBuild(bi *debug.BuildInfo, ok bool, override string) buildDescription {
	d := buildDescription{version: "(devel)"}
	if ok && bi != nil {
		if bi.Main.Version != "" {
			d.version = bi.Main.Version
		}
		d.goVer = bi.GoVersion
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				d.revision = s.Value[:min(7, len(s.Value))]
			case "vcs.time":
				d.date, _, _ = strings.Cut(s.Value, "T")
			case "vcs.modified":
				d.modified = s.Value == "true"
			}
		}
	}
	if override != "" && override != "dev" {
		d.version = override
	}
	return d
}

// String is the line `gatehouse version` prints:
// "gatehouse v1.2.3 (abc1234, 2026-12-07, go1.26.8)".
func (d buildDescription) String() string {
	var details []string
	if d.revision != "" {
		details = append(details, d.revision)
	}
	if d.date != "" {
		details = append(details, d.date)
	}
	if d.modified {
		details = append(details, "modified")
	}
	if d.goVer != "" {
		details = append(details, d.goVer)
	}
	if len(details) == 0 {
		return "gatehouse " + d.version
	}
	return "gatehouse " + d.version + " (" + strings.Join(details, ", ") + ")"
}
