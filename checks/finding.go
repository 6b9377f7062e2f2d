// Package checks holds what every analysis engine shares: the change set it
// reads, the findings it returns and the result it reports. Engines are pure
// functions of a change set and a policy; nothing here talks to GitHub.
package checks

import "sort"

// Level is how much a finding matters; it maps one to one onto a check-run
// annotation level.
type Level string

// Finding levels, in increasing order of weight.
const (
	LevelNotice  Level = "notice"
	LevelWarning Level = "warning"
	LevelFailure Level = "failure"
)

// Finding is one thing a check found, located where a reviewer can see it.
// It never carries a secret value: engines mask before they build one.
type Finding struct {
	// Check is the engine that produced the finding: "secrets", "dependencies", "dlp".
	Check string `json:"check"`
	// RuleID names the rule, stable across releases (e.g. "aws-access-token", "forbidden-file").
	RuleID string `json:"rule_id"`
	// Title is a one-line headline (annotation title, at most 255 characters).
	Title string `json:"title"`
	// Message explains the finding and what to do about it.
	Message string `json:"message"`
	// Path is the repository path the finding is about; empty for PR-level
	// findings (title, body, commit messages), which appear on the summary only.
	Path string `json:"path,omitempty"`
	// StartLine and EndLine are 1-based lines in the head (or introducing
	// commit's) version of Path; 0 means the whole file.
	StartLine int `json:"start_line,omitempty"`
	EndLine   int `json:"end_line,omitempty"`
	// StartColumn and EndColumn are 1-based and only set on single-line findings.
	StartColumn int `json:"start_column,omitempty"`
	EndColumn   int `json:"end_column,omitempty"`
	// Level decides whether the finding fails its check.
	Level Level `json:"level"`
	// Commit is the commit that introduced the finding, when known.
	Commit string `json:"commit,omitempty"`
	// Fingerprint identifies the finding across line shifts; users list it to accept a false positive.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Waived says why the policy accepted the finding (allow-listed fingerprint,
	// path, inline marker, allowed advisory); a waived finding never fails the
	// gate but is listed on the summary so reviewers see what was waived.
	Waived string `json:"waived,omitempty"`
}

// Blocking reports whether the finding fails its check.
func (f Finding) Blocking() bool { return f.Waived == "" && f.Level == LevelFailure }

// ApprovalNeed is a reason the pull request needs InfoSec's approval before it
// may merge: a sensitive path touched, a new direct dependency, a policy change.
type ApprovalNeed struct {
	// Kind is "sensitive-path", "new-dependency", "policy-change" or "inline-waiver".
	Kind string `json:"kind"`
	// Subject is what triggered it: a path or a package.
	Subject string `json:"subject"`
	// Reason is the human explanation from the policy.
	Reason string `json:"reason"`
	// Commits lists the commits of the pull request that touched Subject, oldest
	// first, when known; an InfoSec approval older than the last one is stale.
	Commits []string `json:"commits,omitempty"`
}

// SortFindings orders findings by path, line and rule so that reports and
// annotations are stable from one evaluation to the next.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return FindingLess(fs[i], fs[j]) })
}

// FindingLess is the order of SortFindings, for lists of types that embed a Finding.
func FindingLess(a, b Finding) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.StartLine != b.StartLine {
		return a.StartLine < b.StartLine
	}
	if a.RuleID != b.RuleID {
		return a.RuleID < b.RuleID
	}
	return a.Fingerprint < b.Fingerprint
}

// ShortSHA abbreviates a commit SHA to the 7 characters reviewers see on GitHub.
func ShortSHA(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
