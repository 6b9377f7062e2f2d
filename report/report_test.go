package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/report"
	"github.com/gatehouse-sec/gatehouse/schema/schematest"
)

const (
	c1 = "1111111111111111111111111111111111111111"
	c2 = "2222222222222222222222222222222222222222"
)

// sample is a scan with a bit of everything: a secret with columns, a
// whole-file DLP finding from an earlier commit, a waived finding, a finding
// in a commit message, a check that could not finish, an InfoSec need and a
// broken policy edit.
func sample() report.Input {
	secrets := &checks.Result{Check: "secrets", Conclusion: checks.Failure, Title: "2 secrets found", Findings: []checks.Finding{
		{Check: "secrets", RuleID: "aws-access-token", Title: "AWS access token", Message: "Possible secret `AKIA…MPLE`.\nRotate it.",
			Path: "app/config.go", StartLine: 12, EndLine: 12, StartColumn: 9, EndColumn: 28, Level: checks.LevelFailure, Commit: c2, Fingerprint: "aws-access-token:app/config.go:12"},
		{Check: "secrets", RuleID: "generic-api-key", Title: "Generic API key", Message: "Accepted.", Path: "test/fixture key.txt", StartLine: 3, EndLine: 4,
			Level: checks.LevelFailure, Fingerprint: "generic-api-key:fixture:3", Waived: "allow-listed fingerprint"},
		{Check: "secrets", RuleID: "github-pat", Title: "GitHub token", Message: "In a commit message.", Level: checks.LevelFailure, Commit: c1, Fingerprint: "github-pat:msg"},
	}}
	dlp := &checks.Result{Check: "dlp", Conclusion: checks.Failure, Title: "1 file breaks the DLP policy",
		Findings: []checks.Finding{{Check: "dlp", RuleID: "forbidden-file", Title: "Forbidden file: environment file with secrets",
			Message: ".env must never be committed.", Path: ".env", Level: checks.LevelFailure, Commit: c1, Fingerprint: "forbidden-file:.env"}},
		Needs: []checks.ApprovalNeed{{Kind: "sensitive-path", Subject: ".github/workflows/ci.yml", Reason: "CI workflows run with secrets"}}}
	outcomes := []checks.Outcome{
		{Name: "secrets", Result: secrets},
		{Name: "dependencies", Err: errors.New("the OSV API failed")},
		{Name: "dlp", Result: dlp},
	}
	problems := []config.Problem{{File: ".security.yml (head 2222222)", Line: 4, Column: 21, Key: "dependencies.fail_on_severity", Msg: "must be one of low, moderate, high, critical, none"}}
	in := gate.Input{Outcomes: outcomes, PolicySource: ".security.yml at main", PolicyChange: &gate.PolicyChange{Path: ".security.yml", Err: errors.New("invalid")}}
	return report.Input{
		ToolVersion: "test", PolicySource: ".security.yml at main (abcdef0)", PolicyProblems: problems,
		Range:    report.Range{Base: "main", BaseCommit: c1, Head: "HEAD", HeadCommit: c2, Commits: 2, Files: 3},
		Outcomes: outcomes, Verdict: gate.Decide(in), ExitCode: 1, Notes: []string{"offline: advisories not checked"},
	}
}

func clean() report.Input {
	ok := &checks.Result{Check: "dlp", Conclusion: checks.Success, Title: "No DLP issues"}
	outcomes := []checks.Outcome{{Name: "dlp", Result: ok}}
	return report.Input{
		ToolVersion: "test", PolicySource: "built-in defaults",
		Range:    report.Range{Head: "staged", Staged: true, Commits: 1, Files: 1},
		Outcomes: outcomes, Verdict: gate.Decide(gate.Input{Outcomes: outcomes}),
	}
}

func TestJSONFollowsItsSchema(t *testing.T) {
	s := schematest.ScanOutput(t)
	for name, in := range map[string]report.Input{"everything": sample(), "clean staged scan": clean()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WriteJSON(&buf, report.Build(in)); err != nil {
				t.Fatal(err)
			}
			if err := schematest.Validate(s, buf.Bytes()); err != nil {
				t.Errorf("the JSON report breaks its schema: %v\n%s", err, buf.String())
			}
		})
	}
}

func TestJSONContent(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, report.Build(sample())); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version string `json:"version"`
		Verdict struct {
			Conclusion    string `json:"conclusion"`
			ExitCode      int    `json:"exit_code"`
			ApprovalNeeds []struct {
				Subject string `json:"subject"`
			} `json:"approval_needs"`
		} `json:"verdict"`
		Checks []struct {
			Name, Conclusion, Error string
		} `json:"checks"`
		Findings []struct {
			Check    string `json:"check"`
			Path     string `json:"path"`
			Blocking bool   `json:"blocking"`
			Waived   string `json:"waived"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != "1" || got.Verdict.Conclusion != "failure" || got.Verdict.ExitCode != 1 {
		t.Errorf("version %q, verdict %+v", got.Version, got.Verdict)
	}
	if len(got.Verdict.ApprovalNeeds) != 1 || got.Verdict.ApprovalNeeds[0].Subject != ".github/workflows/ci.yml" {
		t.Errorf("approval needs = %+v", got.Verdict.ApprovalNeeds)
	}
	if len(got.Checks) != 3 || got.Checks[1].Conclusion != "error" || got.Checks[1].Error == "" {
		t.Errorf("checks = %+v; want the dependency check as an error", got.Checks)
	}
	// 3 secrets, 1 DLP, 1 policy problem; sorted by path, path-less first.
	var paths []string
	blocking := 0
	for _, f := range got.Findings {
		paths = append(paths, f.Path)
		if f.Blocking {
			blocking++
		}
	}
	if want := []string{"", ".env", ".security.yml", "app/config.go", "test/fixture key.txt"}; strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Errorf("finding paths = %q, want %q", paths, want)
	}
	if blocking != 4 {
		t.Errorf("%d blocking findings, want 4 (the waived one does not block)", blocking)
	}
}

func TestSARIFIsValidAndComplete(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteSARIF(&buf, report.Build(sample())); err != nil {
		t.Fatal(err)
	}
	if err := schematest.Validate(schematest.SARIF(t), buf.Bytes()); err != nil {
		t.Fatalf("invalid SARIF 2.1.0: %v\n%s", err, buf.String())
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
				Notifications       []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct {
							StartLine, EndLine, StartColumn, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Suppressions        []struct{ Kind string }
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || run.Tool.Driver.Name != "gatehouse" {
		t.Errorf("version %q, driver %q", log.Version, run.Tool.Driver.Name)
	}
	if len(run.Results) != 4 {
		t.Fatalf("%d results, want 4 (the commit-message finding is a notification)", len(run.Results))
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d (%s)", r.RuleID, r.RuleIndex, run.Tool.Driver.Rules[r.RuleIndex].ID)
		}
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.Region.StartLine < 1 {
			t.Errorf("result %s has no usable location: %+v", r.RuleID, r.Locations)
		}
		if r.PartialFingerprints[report.FingerprintKey] == "" {
			t.Errorf("result %s has no fingerprint", r.RuleID)
		}
	}
	byRule := map[string]int{}
	for i, r := range run.Results {
		byRule[r.RuleID] = i
	}
	aws := run.Results[byRule["secrets/aws-access-token"]]
	if reg := aws.Locations[0].PhysicalLocation.Region; reg.StartLine != 12 || reg.StartColumn != 9 || reg.EndColumn != 29 || aws.Level != "error" {
		t.Errorf("aws result: level %s region %+v; want line 12, columns 9 to 29 (exclusive)", aws.Level, reg)
	}
	waived := run.Results[byRule["secrets/generic-api-key"]]
	if len(waived.Suppressions) != 1 || waived.Locations[0].PhysicalLocation.ArtifactLocation.URI != "test/fixture%20key.txt" {
		t.Errorf("waived result: %+v", waived)
	}
	if env := run.Results[byRule["dlp/forbidden-file"]]; env.Locations[0].PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("a whole-file finding must point at line 1: %+v", env.Locations)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) != 2 {
		t.Errorf("invocation = %+v; want the failed check and the commit-message finding", inv)
	}
}

func TestText(t *testing.T) {
	t.Run("findings grouped by file, fixes, verdict last", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteText(&buf, report.Build(sample()), report.TextOptions{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{
			"main..HEAD (merge base commit 1111111): 2 commits, 3 changed files",
			"\n.env\n  error    dlp/forbidden-file  Forbidden file: environment file with secrets  (commit 1111111)\n      .env must never be committed.\n",
			"\napp/config.go\n  error    line 12:9  secrets/aws-access-token  AWS access token  (commit 2222222)\n      Possible secret `AKIA…MPLE`.\n      Rotate it.\n",
			"waived: allow-listed fingerprint",
			"\ncommit messages\n",
			".security.yml (head 2222222):4:21: dependencies.fail_on_severity: must be one of",
			"the OSV API failed",
			"InfoSec approval needed:\n  - .github/workflows/ci.yml: CI workflows run with secrets\n",
			"offline: advisories not checked",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("text report lacks %q:\n%s", want, out)
			}
		}
		if !strings.HasSuffix(out, "blockers:\n  - secrets: 2 secrets found\n  - the dependencies check could not finish: the OSV API failed\n  - dlp: 1 file breaks the DLP policy\n"+
			"  - the pull request's new .security.yml is invalid; merging it would break the policy of every later pull request\n\n"+
			"FAIL  Blocked by 4 problems; also needs InfoSec approval\n") {
			t.Errorf("the verdict is not last:\n%s", out)
		}
		if strings.Contains(out, "\x1b[") {
			t.Error("colour codes without Color")
		}
	})
	t.Run("colour on request", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteText(&buf, report.Build(sample()), report.TextOptions{Color: true}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "\x1b[31merror  \x1b[0m") {
			t.Errorf("no red error marker:\n%s", buf.String())
		}
	})
	t.Run("a clean staged scan", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WriteText(&buf, report.Build(clean()), report.TextOptions{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, "staged changes (no commit yet): 1 changed file") || !strings.HasSuffix(out, "\nPASS  All security checks passed\n") {
			t.Errorf("clean report:\n%s", out)
		}
	})
}
