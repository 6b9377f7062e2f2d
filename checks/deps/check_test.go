package deps

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

type wantFinding struct {
	rule   string
	title  string // substring of the title
	level  checks.Level
	waived bool
}

// testLicenses is what the fake deps.dev knows.
var testLicenses = map[string][]string{
	"NPM/core-js/3.37.1":                               {"MIT"},
	"NPM/event-stream/3.3.6":                           {"MIT"},
	"GO/golang.org/x/net/v0.15.0":                      {"BSD-3-Clause"},
	"GO/golang.org/x/text/v0.13.0":                     {"BSD-3-Clause"},
	"PYPI/requests/2.19.0":                             {"Apache-2.0"},
	"MAVEN/org.apache.logging.log4j:log4j-core/2.14.1": {"Apache-2.0"},
}

func newTestCheck(t *testing.T) (*Check, *fakeOSV, *fakeDepsDev) {
	t.Helper()
	o := newFakeOSV(t, loadRecords(t, filepath.Join("testdata", "osv")))
	d := newFakeDepsDev(t, testLicenses)
	c := New(Options{OSVURL: o.srv.URL, DepsDevURL: d.srv.URL, HTTPClient: o.srv.Client(),
		Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }})
	return c, o, d
}

func findingsSummary(r *checks.Result) string {
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "  %s %s %q waived=%q line=%d\n", f.Level, f.RuleID, f.Title, f.Waived, f.StartLine)
	}
	return b.String()
}

func hasFinding(r *checks.Result, w wantFinding) bool {
	for _, f := range r.Findings {
		if f.RuleID == w.rule && strings.Contains(f.Title, w.title) && f.Level == w.level && (f.Waived != "") == w.waived {
			return true
		}
	}
	return false
}

func TestRunCases(t *testing.T) {
	tests := []struct {
		name       string
		dir        string
		policy     func(p *config.Dependencies)
		conclusion checks.Conclusion
		want       []wantFinding
		absent     []string // substrings no finding title may hold
		needs      []string
		title      string
		summary    []string // substrings of the summary
	}{
		{
			name: "lodash downgrade flags both advisories", dir: "npm-downgrade", conclusion: checks.Failure,
			want: []wantFinding{
				{RuleAdvisory, "lodash 4.17.15: GHSA-p6mc-m468-83gw (high", checks.LevelFailure, false},
				{RuleAdvisory, "lodash 4.17.15: GHSA-35jh-r3h4-6jhm (high", checks.LevelFailure, false},
				{RuleInstallScript, "core-js 3.37.1 runs an install script", checks.LevelWarning, false},
			},
			title:   "1 vulnerable, 2 changed",
			summary: []string{"| lodash | downgraded | 4.17.21 → 4.17.15 | direct, runtime |", "fixed in 4.17.20", "| core-js | added |"},
		},
		{
			name: "allowed advisory is waived, expired one is not", dir: "npm-downgrade", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) {
				p.AllowAdvisories = []config.AdvisoryAllow{
					{ID: "CVE-2020-8203", Reason: "baseSet is never reached", Expires: "2026-12-31"},
					{ID: "GHSA-35jh-r3h4-6jhm", Reason: "old waiver", Expires: "2026-01-01"},
				}
			},
			want: []wantFinding{
				{RuleAdvisory, "GHSA-p6mc-m468-83gw", checks.LevelFailure, true},
				{RuleAdvisory, "GHSA-35jh-r3h4-6jhm", checks.LevelFailure, false},
			},
			summary: []string{"baseSet is never reached", "Expired allow-list entries", "GHSA-35jh-r3h4-6jhm (expired 2026-01-01)"},
		},
		{
			name: "below the severity threshold only warns", dir: "npm-downgrade", conclusion: checks.Success,
			policy: func(p *config.Dependencies) { p.FailOnSeverity = "critical" },
			want:   []wantFinding{{RuleAdvisory, "GHSA-p6mc-m468-83gw", checks.LevelWarning, false}},
		},
		{
			name: "lockfile v1 with package.json companion", dir: "npm-lockv1", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "lodash 4.17.15: GHSA-p6mc-m468-83gw", checks.LevelFailure, false}},
			summary: []string{"| lodash | downgraded | 4.17.21 → 4.17.15 | direct, runtime |"},
		},
		{
			name: "yarn v1", dir: "yarn-v1", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "lodash 4.17.15: GHSA-35jh-r3h4-6jhm", checks.LevelFailure, false}},
			summary: []string{"| lodash | downgraded | 4.17.21 → 4.17.15 | direct, runtime |", "| core-js | added | 3.37.1 | direct, runtime |"},
		},
		{
			name: "yarn berry", dir: "yarn-berry", conclusion: checks.Failure,
			want:   []wantFinding{{RuleAdvisory, "lodash 4.17.15: GHSA-35jh-r3h4-6jhm", checks.LevelFailure, false}},
			absent: []string{"demo-app"},
		},
		{
			name: "pnpm v9", dir: "pnpm", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "lodash 4.17.15: GHSA-p6mc-m468-83gw", checks.LevelFailure, false}},
			summary: []string{"| lodash | downgraded | 4.17.21 → 4.17.15 | direct, runtime |"},
		},
		{
			name: "pnpm v9 git tarball is denied by name and stays direct", dir: "pnpm-tarball", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) { p.DenyPackages = []string{"pkg:npm/event-stream"} },
			want: []wantFinding{
				{RuleDeniedPackage, "event-stream 3.3.6 is denied", checks.LevelFailure, false},
				{RuleSource, "event-stream comes from a git repository", checks.LevelWarning, false},
			},
			absent:  []string{"playground/json@"},
			summary: []string{"| event-stream | added | 3.3.6 | direct, runtime |", "| @vitejs/require | added | file:playground/json/dep-json-require | direct, development |"},
		},
		{
			name: "malware always fails, even allow-listed and with fail_on_severity none", dir: "npm-malware", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) {
				p.FailOnSeverity = "none"
				p.AllowAdvisories = []config.AdvisoryAllow{{ID: "MAL-2025-20690", Reason: "nope"}}
			},
			want: []wantFinding{
				{RuleMalware, "flatmap-stream 0.1.1: MAL-2025-20690 (malware)", checks.LevelFailure, false},
				{RuleSource, "left-pad comes from a git repository", checks.LevelWarning, false},
			},
			title: "1 malicious, 3 changed",
		},
		{
			name: "golang.org/x/net below 0.17.0, aliases merged", dir: "go", conclusion: checks.Failure,
			want: []wantFinding{
				{RuleAdvisory, "golang.org/x/net v0.15.0: GHSA-4374-p667-p6c8 (high", checks.LevelFailure, false},
				{RuleSource, "github.com/google/uuid comes from another module", checks.LevelWarning, false},
			},
			absent:  []string{"GO-2023-2102 ("},
			summary: []string{"GO-2023-2102", "fixed in 0.17.0", "| golang.org/x/text | added | v0.13.0 | transitive, runtime |"},
		},
		{
			name: "PyPI requests 2.19.0", dir: "pypi", conclusion: checks.Failure,
			want: []wantFinding{
				{RuleAdvisory, "requests 2.19.0: GHSA-x84v-xcm2-53pg (high", checks.LevelFailure, false},
				{RuleAdvisory, "requests 2.19.0: GHSA-j8r2-6x86-q33q (moderate", checks.LevelWarning, false},
				{RuleTyposquat, "reqeusts looks like a typo of requests", checks.LevelWarning, false},
			},
			absent:  []string{"PYSEC-2018-28 ("},
			summary: []string{"PYSEC-2018-28", "| gunicorn | added | >=21.0 |"},
		},
		{
			name: "poetry.lock with pyproject companion", dir: "poetry", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "requests 2.19.0: GHSA-x84v-xcm2-53pg", checks.LevelFailure, false}},
			summary: []string{"| requests | downgraded | 2.31.0 → 2.19.0 | direct, runtime |"},
		},
		{
			name: "Maven log4j-core 2.14.1 through a property", dir: "maven", conclusion: checks.Failure,
			want:   []wantFinding{{RuleAdvisory, "org.apache.logging.log4j:log4j-core 2.14.1: GHSA-jfh8-c2jp-5v3q (critical", checks.LevelFailure, false}},
			absent: []string{"guava", "snakeyaml"},
		},
		{
			name: "Maven version managed by a parent POM in the repository", dir: "maven-parent", conclusion: checks.Failure,
			want: []wantFinding{{RuleAdvisory, "org.apache.logging.log4j:log4j-core 2.14.1: GHSA-jfh8-c2jp-5v3q (critical", checks.LevelFailure, false}},
			summary: []string{
				"| org.apache.logging.log4j:log4j-core | added | 2.14.1 | direct, runtime |",
				"2 of 3 dependencies in `boot/pom.xml` have versions managed outside this repository and were not checked (managed by parent org.springframework.boot:spring-boot-starter-parent:3.5.0)",
				"`org.springframework.boot:spring-boot-starter-actuator`",
			},
		},
		{
			name: "Maven version downgraded in a parent's dependencyManagement", dir: "maven-managed", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "org.apache.logging.log4j:log4j-core 2.14.1: GHSA-jfh8-c2jp-5v3q (critical", checks.LevelFailure, false}},
			summary: []string{"| org.apache.logging.log4j:log4j-core | downgraded | 2.17.1 → 2.14.1 | managed |"},
			absent:  []string{"snakeyaml"},
		},
		{
			name: "platform-suffixed gem version is not a false positive", dir: "ruby-platform", conclusion: checks.Success,
			absent:  []string{"GHSA-crjr-9rc5-ghw8"},
			summary: []string{"| nokogiri | upgraded | 1.12.5 → 1.13.10 | direct, runtime |"},
		},
		{
			name: "gem downgrade below the fix", dir: "ruby-downgrade", conclusion: checks.Failure,
			want: []wantFinding{{RuleAdvisory, "nokogiri 1.13.3: GHSA-crjr-9rc5-ghw8 (high", checks.LevelFailure, false}},
		},
		{
			name: "crate rated from its CVSS vector", dir: "cargo", conclusion: checks.Failure,
			want: []wantFinding{{RuleAdvisory, "smallvec 1.6.0: GHSA-43w2-9j62-hq99 (critical (9.8))", checks.LevelFailure, false}},
		},
		{
			name: "denied licence from composer.lock", dir: "composer", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) { p.Licenses.Deny = []string{"GPL-3.0-only"} },
			want:   []wantFinding{{RuleLicenseDenied, "acme/gpl-lib 1.2.0: licence GPL-3.0-only is denied", checks.LevelFailure, false}},
			absent: []string{"acme/dual"},
			needs:  nil,
		},
		{
			name: "allow-list of licences", dir: "composer", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) { p.Licenses.Allow = []string{"MIT", "BSD-3-Clause"} },
			want:   []wantFinding{{RuleLicenseNotAllowed, "acme/gpl-lib 1.2.0", checks.LevelFailure, false}},
			absent: []string{"acme/dual", "monolog"},
		},
		{
			name: "unknown licence warns by default", dir: "go", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) { p.Licenses.Deny = []string{"AGPL-3.0-only"} },
			want:   []wantFinding{{RuleLicenseUnknown, "github.com/google/uuid v1.6.1: unknown licence", checks.LevelWarning, false}},
			absent: []string{"golang.org/x/text v0.13.0: unknown"},
		},
		{
			name: "unknown licence fails with licenses.unknown: fail", dir: "go", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) { p.Licenses.Unknown = "fail" },
			want:   []wantFinding{{RuleLicenseUnknown, "github.com/google/uuid v1.6.1: unknown licence", checks.LevelFailure, false}},
		},
		{
			name: "new direct dependency needs review; typosquat in package.json", dir: "typosquat", conclusion: checks.Success,
			policy: func(p *config.Dependencies) { p.ReviewNewDependencies = true },
			want:   []wantFinding{{RuleTyposquat, "lodahs looks like a typo of lodash", checks.LevelWarning, false}},
			needs:  []string{"lodahs@^1.0.0", "express@^4.18.2"},
		},
		{
			name: "tag- and branch-pinned actions warn", dir: "actions", conclusion: checks.Success,
			want: []wantFinding{
				{RuleUnpinnedAction, "actions/setup-node@v4 is not pinned", checks.LevelWarning, false},
				{RuleUnpinnedAction, "docker/build-push-action@master is not pinned", checks.LevelWarning, false},
			},
			absent: []string{"actions/checkout", "octo-org/shared", "./.github"},
		},
		{
			name: "composite action and reusable workflow are pinned too", dir: "actions-composite", conclusion: checks.Success,
			want: []wantFinding{
				{RuleUnpinnedAction, "actions/cache@v4 is not pinned", checks.LevelWarning, false},
				{RuleUnpinnedAction, "github/codeql-action/init@v3 is not pinned", checks.LevelWarning, false},
				{RuleUnpinnedAction, "octo-org/shared/.github/workflows/release.yml@v1 is not pinned", checks.LevelWarning, false},
			},
			absent:  []string{"setup-python", "./.github"},
			summary: []string{"#### `.github/actions/setup/action.yml` (GitHub Actions)", "| actions/cache | added | v4 |"},
		},
		{
			name: "Go standard library from the toolchain directive", dir: "go-stdlib", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "stdlib 1.19.2: GHSA-xrjj-mj9h-534m (unknown)", checks.LevelFailure, false}},
			summary: []string{"| stdlib | downgraded | 1.19.4 → 1.19.2 | direct, runtime |"},
		},
		{
			name: "requirements/ directory", dir: "pypi-dir", conclusion: checks.Failure,
			want:    []wantFinding{{RuleAdvisory, "requests 2.19.0: GHSA-x84v-xcm2-53pg", checks.LevelFailure, false}},
			summary: []string{"#### `requirements/pip.txt` (PyPI)", "| requests | downgraded | 2.31.0 → 2.19.0 |"},
		},
		{
			name: "pin_actions: fail", dir: "actions", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) { p.PinActions = "fail" },
			want:   []wantFinding{{RuleUnpinnedAction, "actions/setup-node@v4", checks.LevelFailure, false}},
		},
		{
			name: "corrupt lockfile fails on the file", dir: "corrupt", conclusion: checks.Failure,
			want:  []wantFinding{{RuleParseError, "Could not parse package-lock.json", checks.LevelFailure, false}},
			title: "1 unreadable manifest",
		},
		{
			name: "deny_packages by name and by version range", dir: "pypi", conclusion: checks.Failure,
			policy: func(p *config.Dependencies) {
				p.DenyPackages = []string{"pkg:pypi/Requests@<2.20", "pkg:pypi/flask"}
			},
			want:   []wantFinding{{RuleDeniedPackage, "requests 2.19.0 is denied", checks.LevelFailure, false}},
			absent: []string{"flask"},
		},
		{
			name: "ignore_paths skips a manifest", dir: "npm-downgrade", conclusion: checks.Success,
			policy: func(p *config.Dependencies) { p.IgnorePaths = config.MustGlobs("package-lock.json") },
			absent: []string{"lodash"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestCheck(t)
			cs, _ := caseChangeSet(t, tt.dir)
			p := config.Default()
			if tt.policy != nil {
				tt.policy(&p.Dependencies)
			}
			r, err := c.Run(context.Background(), cs, p)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if r.Check != "dependencies" {
				t.Errorf("Check = %q", r.Check)
			}
			if r.Conclusion != tt.conclusion {
				t.Errorf("conclusion = %s, want %s\n%s", r.Conclusion, tt.conclusion, findingsSummary(r))
			}
			for _, w := range tt.want {
				if !hasFinding(r, w) {
					t.Errorf("missing finding %+v; got:\n%s", w, findingsSummary(r))
				}
			}
			for _, a := range tt.absent {
				for _, f := range r.Findings {
					if strings.Contains(f.Title, a) {
						t.Errorf("unexpected finding %q", f.Title)
					}
				}
			}
			var needs []string
			for _, n := range r.Needs {
				if n.Kind != "new-dependency" {
					t.Errorf("need kind %q", n.Kind)
				}
				needs = append(needs, n.Subject)
			}
			if strings.Join(needs, ",") != strings.Join(sortedCopy(tt.needs), ",") {
				t.Errorf("needs = %v, want %v", needs, sortedCopy(tt.needs))
			}
			if tt.title != "" && r.Title != tt.title {
				t.Errorf("title = %q, want %q", r.Title, tt.title)
			}
			for _, s := range tt.summary {
				if !strings.Contains(r.Summary, s) {
					t.Errorf("summary lacks %q:\n%s", s, r.Summary)
				}
			}
			for _, f := range r.Findings {
				if f.Path != "" && f.Level != checks.LevelFailure && f.RuleID == RuleParseError {
					continue
				}
				if f.RuleID != RuleParseError && f.RuleID != RuleAdvisoriesDown && f.Path != "" && f.StartLine == 0 {
					t.Errorf("finding %q has no line", f.Title)
				}
			}
		})
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
