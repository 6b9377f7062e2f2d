package deps

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

func TestDependencyReportListsChanges(t *testing.T) {
	tests := []struct {
		dir     string
		summary string
		want    []checks.DependencyChange
	}{
		{"npm-downgrade", "**2 dependencies changed**: 1 added, 1 downgraded (2 direct).", []checks.DependencyChange{
			{Path: "package-lock.json", Ecosystem: "npm", Name: "core-js", Change: "added", To: "3.37.1", Relation: "direct", Scope: "runtime"},
			{Path: "package-lock.json", Ecosystem: "npm", Name: "lodash", Change: "downgraded", From: "4.17.21", To: "4.17.15", Relation: "direct", Scope: "runtime"},
		}},
		{"go", "**3 dependencies changed**: 1 added, 1 upgraded, 1 downgraded (2 direct).", nil},
		{"npm-malware", "**3 dependencies changed**: 3 added (2 direct).", nil},
		{"pnpm-tarball", "**6 dependencies changed**: 6 added (5 direct, 4 dev).", nil},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			c, _, _ := newTestCheck(t)
			cs, _ := caseChangeSet(t, tt.dir)
			r, err := c.Run(context.Background(), cs, config.Default())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Summary, tt.summary) {
				t.Errorf("summary lacks %q:\n%s", tt.summary, r.Summary)
			}
			if r.Dependencies == nil {
				t.Fatal("no dependency report")
			}
			got := r.Dependencies.Changes
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("changes = %+v\nwant %+v", got, tt.want)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Path == got[i-1].Path && changeRank(ChangeType(got[i].Change)) < changeRank(ChangeType(got[i-1].Change)) {
					t.Errorf("changes not grouped by kind: %s after %s", got[i].Change, got[i-1].Change)
				}
			}
		})
	}
}

func TestDependencyReportCountsUnresolvedVersions(t *testing.T) {
	c, _, _ := newTestCheck(t)
	cs, _ := caseChangeSet(t, "maven-parent")
	r, err := c.Run(context.Background(), cs, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	want := []checks.UnresolvedDependency{
		{Path: "boot/pom.xml", Name: "org.springframework.boot:spring-boot-starter-actuator", Why: "managed by parent org.springframework.boot:spring-boot-starter-parent:3.5.0"},
		{Path: "boot/pom.xml", Name: "org.springframework.boot:spring-boot-starter-web", Why: "managed by parent org.springframework.boot:spring-boot-starter-parent:3.5.0"},
	}
	if got := r.Dependencies.Unresolved; !reflect.DeepEqual(got, want) {
		t.Errorf("unresolved = %+v\nwant %+v", got, want)
	}
}

func TestSummaryCapsLongChangeLists(t *testing.T) {
	tests := []struct {
		name     string
		packages int
		listed   int
		more     string
	}{
		{"under the cap", 40, 40, ""},
		{"thousands", 5000, maxRows, "…and 4900 more not listed here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Options{OSVURL: "off", DepsDevURL: "off"})
			base := map[string][]byte{"package-lock.json": syntheticLock(t, 1, 0)}
			head := map[string][]byte{"package-lock.json": syntheticLock(t, tt.packages, tt.packages)}
			cs, _ := changeSetOf(base, head)
			r, err := c.Run(context.Background(), cs, config.Default())
			if err != nil {
				t.Fatal(err)
			}
			if got := len(r.Dependencies.Changes); got != tt.packages {
				t.Errorf("report lists %d changes, want %d", got, tt.packages)
			}
			if rows := strings.Count(r.Summary, "| bench-pkg-"); rows != tt.listed {
				t.Errorf("summary lists %d rows, want %d", rows, tt.listed)
			}
			if len(r.Summary) > 65535 {
				t.Errorf("summary is %d characters, over GitHub's 65,535", len(r.Summary))
			}
			if tt.more != "" && !strings.Contains(r.Summary, tt.more) {
				t.Errorf("summary lacks %q", tt.more)
			}
			if want := fmt.Sprintf("**%d dependencies changed**", tt.packages); !strings.Contains(r.Summary, want) {
				t.Errorf("summary lacks %q", want)
			}
		})
	}
}
