package osv

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func record(t *testing.T, id string) *Vuln {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "osv", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var v Vuln
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return &v
}

func TestMatch(t *testing.T) {
	tests := []struct {
		id, eco, name, version string
		affected               bool
		fixed                  string
	}{
		{"GHSA-p6mc-m468-83gw", "npm", "lodash", "4.17.15", true, "4.17.20"},
		{"GHSA-p6mc-m468-83gw", "npm", "lodash", "4.17.20", false, ""},
		{"GHSA-p6mc-m468-83gw", "npm", "lodash-es", "4.17.11", true, "4.17.20"},
		{"GHSA-p6mc-m468-83gw", "npm", "underscore", "1.0.0", false, ""},
		{"GHSA-c2qf-rxjj-qqgw", "npm", "semver", "7.5.1", true, "7.5.2"},
		{"GHSA-c2qf-rxjj-qqgw", "npm", "semver", "6.3.1", false, ""},
		{"GHSA-c2qf-rxjj-qqgw", "npm", "semver", "5.7.1", true, "5.7.2"},
		{"GHSA-c2qf-rxjj-qqgw", "npm", "semver", "5.7.2", false, ""},
		{"GHSA-pjwm-rvh2-c87w", "npm", "ua-parser-js", "0.7.29", true, "0.7.30"},
		{"GHSA-pjwm-rvh2-c87w", "npm", "ua-parser-js", "0.7.28", false, ""},
		{"GO-2023-2102", "Go", "golang.org/x/net", "v0.15.0", true, "0.17.0"},
		{"GO-2023-2102", "Go", "golang.org/x/net", "v0.17.0", false, ""},
		{"GO-2023-2102", "Go", "stdlib", "1.21.2", true, "1.21.3"},
		{"GO-2023-2102", "Go", "stdlib", "1.20.10", false, ""},
		{"GHSA-w73w-5m7g-f7qc", "Go", "github.com/dgrijalva/jwt-go", "v3.2.0+incompatible", true, ""},
		{"GHSA-w73w-5m7g-f7qc", "Go", "github.com/dgrijalva/jwt-go/v4", "v4.0.0-preview1", false, ""},
		{"GHSA-x84v-xcm2-53pg", "PyPI", "Requests", "2.19.0", true, "2.20.0"},
		{"PYSEC-2018-28", "PyPI", "requests", "2.19.1", true, "2.20.0"},
		{"GHSA-j8r2-6x86-q33q", "PyPI", "requests", "2.2.1", false, ""},
		{"GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", true, "2.15.0"},
		{"GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.2", false, ""},
		{"GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.3", true, "2.3.1"},
		{"GHSA-c4r9-r8fh-9vj2", "Maven", "org.testifyproject.external:external-snakeyaml", "1.0.6", true, ""},
		{"GHSA-c4r9-r8fh-9vj2", "Maven", "org.testifyproject.external:external-snakeyaml", "1.0.7", false, ""},
		{"GHSA-c4r9-r8fh-9vj2", "Maven", "be.cylab:snakeyaml", "1.25.1", true, ""},
		{"GHSA-crjr-9rc5-ghw8", "RubyGems", "nokogiri", "1.13.3", true, "1.13.4"},
		{"GHSA-crjr-9rc5-ghw8", "RubyGems", "nokogiri", "1.13.10", false, ""},
		{"RUSTSEC-2021-0003", "crates.io", "smallvec", "1.6.0", true, "1.6.1"},
		{"RUSTSEC-2021-0003", "crates.io", "smallvec", "0.6.2", false, ""},
		{"RUSTSEC-2020-0071", "crates.io", "time", "0.1.45", true, "0.2.0"},
		{"RUSTSEC-2020-0071", "crates.io", "time", "0.2.23", false, ""},
		{"MAL-2025-20690", "npm", "flatmap-stream", "0.1.1", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.name+"@"+tt.version, func(t *testing.T) {
			hit, fixed := Match(record(t, tt.id), tt.eco, tt.name, tt.version)
			if hit != tt.affected || fixed != tt.fixed {
				t.Errorf("Match = %v %q, want %v %q", hit, fixed, tt.affected, tt.fixed)
			}
		})
	}
}

func TestRate(t *testing.T) {
	tests := []struct {
		id    string
		level Level
		score float64
	}{
		{"GHSA-p6mc-m468-83gw", High, 7.4},
		{"GHSA-jfh8-c2jp-5v3q", Critical, 10.0},
		{"GHSA-j8r2-6x86-q33q", Moderate, 6.1},
		{"RUSTSEC-2021-0003", Critical, 9.8},
		{"GO-2023-2102", Unknown, 0},
		{"MAL-2025-20690", Unknown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			l, s := Rate(record(t, tt.id))
			if l != tt.level || s != tt.score {
				t.Errorf("Rate = %s %.1f, want %s %.1f", l, s, tt.level, tt.score)
			}
		})
	}
}

func TestCVSS3BaseScore(t *testing.T) {
	tests := []struct {
		vector string
		score  float64
		ok     bool
	}{
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, true},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, true},
		{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4, true},
		{"CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5, true},
		{"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, true},
		{"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0, true},
		{"CVSS:2.0/AV:N", 0, false},
		{"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.vector, func(t *testing.T) {
			s, ok := CVSS3BaseScore(tt.vector)
			if ok != tt.ok || s != tt.score {
				t.Errorf("score = %.1f %v, want %.1f %v", s, ok, tt.score, tt.ok)
			}
		})
	}
}

func TestDirRejectsCorruptRecords(t *testing.T) {
	fsys := fstest.MapFS{"GHSA-bad.json": {Data: []byte(`{"id": "GHSA-bad", "affected": [`)}}
	_, err := NewFS(fsys, "mem").Query(context.Background(), []Query{{Ecosystem: "npm", Name: "x", Version: "1.0.0"}})
	if err == nil {
		t.Fatal("a corrupt advisory database answered")
	}
}

func TestDirSkipsWithdrawn(t *testing.T) {
	fsys := fstest.MapFS{"W.json": {Data: []byte(`{"id":"GHSA-w","withdrawn":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}`)}}
	res, err := NewFS(fsys, "mem").Query(context.Background(), []Query{{Ecosystem: "npm", Name: "x", Version: "1.0.0"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res[0]) != 0 {
		t.Errorf("withdrawn advisory matched")
	}
}
