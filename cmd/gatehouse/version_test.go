package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "-tags", Value: "gore2regex"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "abc1234def5678abc1234def5678abc1234def56"},
			{Key: "vcs.time", Value: "2026-12-07T10:11:12Z"},
			{Key: "vcs.modified", Value: modified},
		}
	}
	tests := []struct {
		name     string
		bi       *debug.BuildInfo
		ok       bool
		override string
		want     string
	}{
		{"go install from a tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/gatehouse-sec/gatehouse", Version: "v1.2.3"}}, true, "",
			"gatehouse v1.2.3 (go1.26.8)"},
		{"a build from a clean checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")}, true, "",
			"gatehouse (devel) (abc1234, 2026-12-07, go1.26.8)"},
		{"a build with uncommitted changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.4-0.20261207101112-abc1234def56+dirty"}, Settings: vcs("true")}, true, "",
			"gatehouse v1.2.4-0.20261207101112-abc1234def56+dirty (abc1234, 2026-12-07, modified, go1.26.8)"},
		{"the Docker image's -ldflags version wins", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")}, true, "v1.2.3",
			"gatehouse v1.2.3 (abc1234, 2026-12-07, go1.26.8)"},
		{"-ldflags' default dev does not hide the build info", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}}, true, "dev",
			"gatehouse v1.2.3 (go1.26.8)"},
		{"no build information", nil, false, "", "gatehouse (devel)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeBuild(tt.bi, tt.ok, tt.override).String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVersionCommand checks the test binary's own build information reaches
// the output: never the old constant "dev".
func TestVersionCommand(t *testing.T) {
	r := runGatehouse("version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "gatehouse ") || strings.Contains(r.stdout, " dev") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("exit %d, stdout %q", r.code, r.stdout)
	}
}
