package manifest

import (
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
	"regexp"
	"strings"
)

var tomlString = regexp.MustCompile(`^\s*(name|version)\s*=\s*"([^"]*)"`)

// tomlPackageLines maps "name@version" of each [[package]] table to the line
// of its name, for poetry.lock, uv.lock and Cargo.lock.
func tomlPackageLines(b []byte) map[string]int {
	out := make(map[string]int)
	var name, version string
	nameLine := 0
	inPkg := false
	flush := func() {
		if name != "" {
			if _, ok := out[name+"@"+version]; !ok {
				out[name+"@"+version] = nameLine
			}
		}
		name, version, nameLine = "", "", 0
	}
	for i, l := range splitLines(b) {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			if t == "[[package]]" {
				flush()
				inPkg = true
			} else if !strings.HasPrefix(t, "[package.") {
				flush()
				inPkg = false
			}
			continue
		}
		if !inPkg {
			continue
		}
		if m := tomlString.FindStringSubmatch(l); m != nil {
			switch {
			case m[1] == "name" && name == "":
				name, nameLine = m[2], i+1
			case m[1] == "version" && version == "":
				version = m[2]
			}
		}
	}
	flush()
	return out
}

// pep503 normalises a Python package name for comparison.
func pep503(n string) string { return osv.NormalizeName("PyPI", n) }
