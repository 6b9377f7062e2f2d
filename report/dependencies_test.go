package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/report"
	"github.com/gatehouse-sec/gatehouse/schema/schematest"
)

// withDependencies is a scan whose dependency check compared n changes after
// the ones given.
func withDependencies(n int, changes ...checks.DependencyChange) report.Input {
	for i := 0; i < n; i++ {
		changes = append(changes, checks.DependencyChange{Path: "web/package-lock.json", Ecosystem: "npm",
			Name: fmt.Sprintf("pkg-%04d", i), Change: "added", To: "1.0.0", Relation: "transitive"})
	}
	deps := &checks.Result{Check: "dependencies", Conclusion: checks.Success, Title: fmt.Sprintf("%d changed", len(changes)),
		Dependencies: &checks.DependencyReport{Files: 2, Changes: changes,
			Unresolved: []checks.UnresolvedDependency{{Path: "pom.xml", Name: "org.slf4j:slf4j-api", Why: "managed by org.springframework.boot:spring-boot-starter-parent"}}}}
	outcomes := []checks.Outcome{{Name: "dependencies", Result: deps}}
	return report.Input{ToolVersion: "test", PolicySource: "built-in defaults",
		Range:    report.Range{Base: "main", BaseCommit: c1, Head: "HEAD", HeadCommit: c2, Commits: 1, Files: 2},
		Outcomes: outcomes, Verdict: gate.Decide(gate.Input{Outcomes: outcomes})}
}

var someChanges = []checks.DependencyChange{
	{Path: "go.mod", Ecosystem: "Go", Name: "golang.org/x/net", Change: "upgraded", From: "v0.15.0", To: "v0.17.0", Relation: "direct", Scope: "runtime"},
	{Path: "package-lock.json", Ecosystem: "npm", Name: "core-js", Change: "added", To: "3.37.1", Relation: "direct", Scope: "runtime"},
	{Path: "package-lock.json", Ecosystem: "npm", Name: "left-pad", Change: "removed", From: "1.3.0", Relation: "transitive"},
	{Path: "package-lock.json", Ecosystem: "npm", Name: "lodash", Change: "downgraded", From: "4.17.21", To: "4.17.15", Relation: "direct", Scope: "development"},
	{Path: "package-lock.json", Ecosystem: "npm", Name: "widget", Change: "source changed", From: "1.0.0", To: "1.0.0", FromSource: "registry", ToSource: "git"},
}

func TestDependencyChangesInJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      report.Input
		changes int
		counts  map[string]int
	}{
		{"a few", withDependencies(0, someChanges...), 5, map[string]int{"added": 1, "removed": 1, "upgraded": 1, "downgraded": 1, "source changed": 1}},
		{"thousands are all listed", withDependencies(3000), 3000, map[string]int{"added": 3000}},
	}
	s := schematest.ScanOutput(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WriteJSON(&buf, report.Build(tt.in)); err != nil {
				t.Fatal(err)
			}
			if err := schematest.Validate(s, buf.Bytes()); err != nil {
				t.Fatalf("the JSON report breaks its schema: %v", err)
			}
			var got struct {
				Version      string `json:"version"`
				Dependencies struct {
					Files      int                       `json:"files"`
					Counts     map[string]int            `json:"counts"`
					Changes    []report.DependencyChange `json:"changes"`
					Unresolved []struct{ Name string }   `json:"unresolved"`
				} `json:"dependencies"`
			}
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			d := got.Dependencies
			if got.Version != "1" || d.Files != 2 || len(d.Changes) != tt.changes || len(d.Unresolved) != 1 {
				t.Errorf("version %q, files %d, %d changes, %d unresolved", got.Version, d.Files, len(d.Changes), len(d.Unresolved))
			}
			if fmt.Sprint(d.Counts) != fmt.Sprint(tt.counts) {
				t.Errorf("counts = %v, want %v", d.Counts, tt.counts)
			}
		})
	}
}

func TestJSONWithoutDependencyCheckHasNoDependencies(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, report.Build(clean())); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `"dependencies"`) {
		t.Errorf("a scan without the dependency check reports dependencies:\n%s", buf.String())
	}
}

func TestDependencyChangesInText(t *testing.T) {
	tests := []struct {
		name   string
		in     report.Input
		want   []string
		absent []string
	}{
		{"grouped with marks", withDependencies(0, someChanges...), []string{
			"dependencies: 5 changed: 1 added, 1 removed, 1 upgraded, 1 downgraded, 1 source changed\n",
			"  go.mod (Go)\n    upgraded       golang.org/x/net v0.15.0 → v0.17.0  direct\n",
			"  package-lock.json (npm)\n    added          core-js 3.37.1  direct\n",
			"    removed        left-pad 1.3.0\n",
			"    downgraded     lodash 4.17.21 → 4.17.15  direct, dev\n",
			"    source changed widget 1.0.0 (source registry → git)\n",
			"not checked, versions managed outside this repository: 1\n    pom.xml org.slf4j:slf4j-api (managed by org.springframework.boot:spring-boot-starter-parent)",
		}, nil},
		{"capped past 100", withDependencies(250), []string{"pkg-0099 1.0.0\n  …and 150 more (--format json lists them all)\n"}, []string{"pkg-0100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WriteText(&buf, report.Build(tt.in), report.TextOptions{}); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("text lacks %q:\n%s", w, buf.String())
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(buf.String(), a) {
					t.Errorf("text holds %q", a)
				}
			}
		})
	}
}
