// Package report renders the outcome of a local scan (`gatehouse scan`) as
// text for a terminal, as JSON (a documented, versioned schema; see
// WriteJSON), or as SARIF 2.1.0 for GitHub code scanning and other SARIF
// consumers. It only formats: findings arrive already masked by the engines,
// and no renderer ever reads file contents. It also decides what the reader
// is told beyond the findings: the notes, a secret's advice for where its
// commit is (SecretCommits names the commits to ask git about), the policy
// file's problems, and the exit code.
package report

import (
	"sort"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Version is the JSON report's format version. It changes only when a field
// is removed or changes meaning; new fields may appear within a version.
const Version = "1"

// PolicyCheck is the pseudo-check that reports problems in a policy file the
// change itself edits (the governing policy is never the edited one).
const PolicyCheck = "policy"

// Input is everything a scan produced.
type Input struct {
	// ToolVersion is gatehouse's version.
	ToolVersion string
	Range       Range
	// PolicySource says which policy governed the scan.
	PolicySource string
	// PolicyProblems are the problems of the policy file as the change leaves
	// it, when it edits that file and the new version is invalid.
	PolicyProblems []config.Problem
	Outcomes       []checks.Outcome
	Verdict        gate.Verdict
	ExitCode       int
	// Notes are extra lines for the reader (offline mode, empty range, why
	// the base was chosen).
	Notes []string
	// Pushed maps each commit that a remote-tracking branch holds to one
	// such branch ("origin/main"); a commit it lacks was not pushed. When
	// set, a secret's advice says what is true locally (see localAdvice);
	// nil leaves the engines' messages as they are.
	Pushed map[string]string
}

// Report is the document every format renders. Its JSON form is the
// documented schema (schema/scan-output.schema.json).
type Report struct {
	Version  string    `json:"version"`
	Tool     Tool      `json:"tool"`
	Range    Range     `json:"range"`
	Policy   Policy    `json:"policy"`
	Verdict  Verdict   `json:"verdict"`
	Checks   []Check   `json:"checks"`
	Findings []Finding `json:"findings"`
	Notes    []string  `json:"notes"`
	// Dependencies is present when the dependency check ran.
	Dependencies *Dependencies `json:"dependencies,omitempty"`
}

// Tool names the scanner.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Range is what was scanned.
type Range struct {
	// Base names the branch or commit compared with ("origin/main"); empty
	// when the scan starts at the root of history.
	Base string `json:"base"`
	// BaseCommit is the merge base the diff starts from; empty at the root of history.
	BaseCommit string `json:"base_commit"`
	// Head names the tip scanned ("HEAD", a branch), or "staged".
	Head string `json:"head"`
	// HeadCommit is the tip's commit; empty for a staged scan.
	HeadCommit string `json:"head_commit"`
	// Staged is true when the index was scanned (--staged).
	Staged bool `json:"staged"`
	// Commits and Files count the commits and changed files scanned.
	Commits int `json:"commits"`
	Files   int `json:"files"`
}

// Policy says which policy governed, and what is wrong with the edited one.
type Policy struct {
	Source   string           `json:"source"`
	Problems []config.Problem `json:"problems"`
}

// Verdict is the gate's decision as the App would publish it.
type Verdict struct {
	// Conclusion is success, action_required or failure.
	Conclusion string `json:"conclusion"`
	// ExitCode is the scan's exit status: 0 success or action_required, 1 failure.
	ExitCode int    `json:"exit_code"`
	Title    string `json:"title"`
	// Blockers are one-line reasons the gate fails.
	Blockers []string `json:"blockers"`
	// ApprovalNeeds are the reasons InfoSec must approve the pull request.
	ApprovalNeeds []ApprovalNeed `json:"approval_needs"`
}

// ApprovalNeed is a reason InfoSec must approve.
type ApprovalNeed struct {
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	Reason  string `json:"reason"`
}

// Check is one engine's outcome.
type Check struct {
	Name string `json:"name"`
	// Conclusion is success, failure, neutral (disabled by the policy) or
	// error (the check could not decide; the gate fails closed).
	Conclusion string `json:"conclusion"`
	Title      string `json:"title"`
	Error      string `json:"error,omitempty"`
}

// Finding is one problem, located. It never holds a secret value.
type Finding struct {
	Check       string `json:"check"`
	RuleID      string `json:"rule_id"`
	Title       string `json:"title"`
	Message     string `json:"message"`
	Path        string `json:"path,omitempty"`
	StartLine   int    `json:"start_line,omitempty"`
	EndLine     int    `json:"end_line,omitempty"`
	StartColumn int    `json:"start_column,omitempty"`
	EndColumn   int    `json:"end_column,omitempty"`
	// Level is failure, warning or notice.
	Level string `json:"level"`
	// Commit introduced the finding: a commit id, or "staged".
	Commit      string `json:"commit,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	// Waived says why the policy accepted the finding.
	Waived string `json:"waived,omitempty"`
	// Blocking is true when the finding fails its check.
	Blocking bool `json:"blocking"`
}

// Build assembles the report.
func Build(in Input) *Report {
	r := &Report{
		Version:  Version,
		Tool:     Tool{Name: "gatehouse", Version: in.ToolVersion},
		Range:    in.Range,
		Policy:   Policy{Source: in.PolicySource, Problems: append([]config.Problem{}, in.PolicyProblems...)},
		Checks:   []Check{},
		Findings: []Finding{},
		Notes:    append([]string{}, in.Notes...),
		Verdict: Verdict{
			Conclusion: string(in.Verdict.Conclusion), ExitCode: in.ExitCode, Title: in.Verdict.Title,
			Blockers: append([]string{}, in.Verdict.Blockers...), ApprovalNeeds: []ApprovalNeed{},
		},
	}
	for _, n := range in.Verdict.Needs {
		r.Verdict.ApprovalNeeds = append(r.Verdict.ApprovalNeeds, ApprovalNeed{Kind: n.Kind, Subject: n.Subject, Reason: n.Reason})
	}
	var fs []checks.Finding
	for _, o := range in.Outcomes {
		c := Check{Name: o.Name}
		switch {
		case o.Err != nil:
			c.Conclusion, c.Title, c.Error = "error", "Could not finish", o.Err.Error()
		case o.Result != nil:
			c.Conclusion, c.Title = string(o.Result.Conclusion), o.Result.Title
			fs = append(fs, o.Result.Findings...)
		}
		r.Checks = append(r.Checks, c)
	}
	for _, p := range in.PolicyProblems {
		fs = append(fs, checks.Finding{
			Check: PolicyCheck, RuleID: "invalid-policy", Title: "Invalid " + config.FileName,
			Message: p.String() + "\nMerging this change would break the policy of every later pull request; fix it (gatehouse check-config).",
			Path:    config.FileName, StartLine: p.Line, EndLine: p.Line, StartColumn: p.Column, EndColumn: p.Column,
			Level: checks.LevelFailure, Fingerprint: "invalid-policy:" + p.Key,
		})
	}
	r.Dependencies = buildDependencies(in.Outcomes)
	checks.SortFindings(fs)
	for i, f := range fs {
		switch {
		case in.Pushed != nil && f.Check == secretsCheck:
			fs[i].Message = localAdvice(f, in.Range.HeadCommit, in.Pushed)
		case f.RuleID == advisoriesDownRule:
			fs[i].Message = localAdvisoryFix(f.Message)
		}
	}
	for _, f := range fs {
		r.Findings = append(r.Findings, Finding{
			Check: f.Check, RuleID: f.RuleID, Title: f.Title, Message: f.Message, Path: f.Path,
			StartLine: f.StartLine, EndLine: f.EndLine, StartColumn: f.StartColumn, EndColumn: f.EndColumn,
			Level: string(f.Level), Commit: f.Commit, Fingerprint: f.Fingerprint, Waived: f.Waived, Blocking: f.Blocking(),
		})
	}
	return r
}

// findingGroup is the findings under one heading of the text report.
type findingGroup struct {
	heading  string
	findings []Finding
}

// groupFindings groups findings by file, keeping their order. Findings in no
// file come first, each under what they are about: a secret in a commit
// message under "commit messages", anything else under its check's name
// (the advisory database being unavailable is about dependencies).
func groupFindings(fs []Finding) []findingGroup {
	type key struct {
		heading string
		inFile  bool
	}
	var order []key
	groups := map[key][]Finding{}
	for _, f := range fs {
		k := key{f.Path, true}
		switch {
		case f.Path != "":
		case f.Check == secretsCheck:
			k = key{"commit messages", false}
		default:
			k = key{f.Check, false}
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	sort.SliceStable(order, func(i, j int) bool { return !order[i].inFile && order[j].inFile })
	out := make([]findingGroup, len(order))
	for i, k := range order {
		out[i] = findingGroup{heading: k.heading, findings: groups[k]}
	}
	return out
}
