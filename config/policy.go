// Package config holds the .security.yml policy (types, secure defaults,
// strict line-numbered parsing, validation) and the server's own config.
package config

import "time"

// FileName is the policy file's name, at the root of a repository.
const FileName = ".security.yml"

// Policy is a parsed, validated, defaulted .security.yml (version 1).
type Policy struct {
	Version      int          `yaml:"version" json:"version"`
	InfoSec      InfoSec      `yaml:"infosec" json:"infosec"`
	Secrets      Secrets      `yaml:"secrets" json:"secrets"`
	Dependencies Dependencies `yaml:"dependencies" json:"dependencies"`
	DLP          DLP          `yaml:"dlp" json:"dlp"`
	Override     Override     `yaml:"override" json:"override"`
	// Source says where the policy came from ("owner/repo@sha:.security.yml",
	// "org default owner/.github", "built-in defaults"); not a YAML key.
	Source string `yaml:"-" json:"-"`
	// sections holds the registered sections that are not fields above, by
	// name (see Section.Of).
	sections map[string]any
}

// InfoSec names the security reviewers.
type InfoSec struct {
	// Team is an organisation team slug requested as reviewer; its members' approvals count.
	Team string `yaml:"team" json:"team"`
	// Users are extra individual reviewers whose approvals count.
	Users []string `yaml:"users" json:"users"`
	// RequiredApprovals is how many InfoSec approvals open the gate.
	RequiredApprovals int `yaml:"required_approvals" json:"required_approvals"`
	// Contact is shown in every summary (a channel, an address).
	Contact string `yaml:"contact" json:"contact"`
	// Label is added to a pull request that waits for InfoSec.
	Label string `yaml:"label" json:"label"`
}

// Secrets configures the secrets check.
type Secrets struct {
	Enabled bool `yaml:"enabled" json:"enabled"`
	// History scans every commit of the pull request, not only the final diff.
	History bool         `yaml:"history" json:"history"`
	Allow   SecretsAllow `yaml:"allow" json:"allow"`
	Rules   []SecretRule `yaml:"rules" json:"rules"`
}

// SecretsAllow lists accepted false positives.
type SecretsAllow struct {
	// Paths are doublestar globs whose findings are waived: the files are
	// still scanned and their findings listed as waived, so that what a glob
	// hides stays auditable.
	Paths []string `yaml:"paths" json:"paths"`
	// Fingerprints are findings accepted as false positives.
	Fingerprints []string `yaml:"fingerprints" json:"fingerprints"`
	// Inline says what an inline allow marker in the pull request's own
	// lines does: needs InfoSec approval (default), waives, or nothing.
	Inline InlineMarkers `yaml:"inline" json:"inline"`
}

// SecretRule is a repository's own secret rule.
type SecretRule struct {
	ID          string   `yaml:"id" json:"id"`
	Description string   `yaml:"description" json:"description"`
	Regex       string   `yaml:"regex" json:"regex"`
	Keywords    []string `yaml:"keywords" json:"keywords"`
	// Entropy is the minimum Shannon entropy of the match (0: no minimum).
	Entropy float64 `yaml:"entropy" json:"entropy,omitempty"`
	// SecretGroup picks the regex group holding the secret (0: the whole match or
	// the first group, as gitleaks does).
	SecretGroup int `yaml:"secret_group" json:"secret_group,omitempty"`
	// Line is where the rule starts in the file, for error messages.
	Line int `yaml:"-" json:"-"`
}

// Dependencies configures the dependency diff check.
type Dependencies struct {
	Enabled bool `yaml:"enabled" json:"enabled"`
	// FailOnSeverity is the lowest advisory severity that fails: low, moderate, high, critical, none.
	FailOnSeverity string `yaml:"fail_on_severity" json:"fail_on_severity"`
	// AllowAdvisories are accepted advisories (GHSA, CVE or OSV ids), each with an optional reason and expiry.
	AllowAdvisories []AdvisoryAllow `yaml:"allow_advisories" json:"allow_advisories"`
	// DenyPackages are package URLs, optionally with a version range: pkg:npm/@evil/*, pkg:pypi/foo@<2.0.
	DenyPackages []string `yaml:"deny_packages" json:"deny_packages"`
	Licenses     Licenses `yaml:"licenses" json:"licenses"`
	// ReviewNewDependencies makes a new direct dependency need InfoSec approval.
	ReviewNewDependencies bool `yaml:"review_new_dependencies" json:"review_new_dependencies"`
	// Paths limits the check to manifests matching these globs (empty: all);
	// IgnorePaths skips manifests matching these (fixtures, examples).
	Paths       []string `yaml:"paths" json:"paths"`
	IgnorePaths []string `yaml:"ignore_paths" json:"ignore_paths"`
	// PinActions fails (rather than warns about) a new GitHub Action not pinned to a full commit SHA.
	PinActions string `yaml:"pin_actions" json:"pin_actions"`
}

// AdvisoryAllow accepts one advisory. In YAML it is either a bare id or a
// mapping {id, reason, expires}.
type AdvisoryAllow struct {
	ID     string `yaml:"id" json:"id"`
	Reason string `yaml:"reason" json:"reason,omitempty"`
	// Expires is the first day on which the entry no longer applies (YYYY-MM-DD).
	Expires string `yaml:"expires" json:"expires,omitempty"`
}

// Active reports whether the entry still applies at now.
func (a AdvisoryAllow) Active(now time.Time) bool {
	if a.Expires == "" {
		return true
	}
	t, err := time.Parse(time.DateOnly, a.Expires)
	if err != nil {
		return false // validated at load; an unparsable date never widens the allow-list
	}
	return now.Before(t)
}

// Licenses is the licence policy; ids are SPDX.
type Licenses struct {
	Allow []string `yaml:"allow" json:"allow"`
	Deny  []string `yaml:"deny" json:"deny"`
	// Unknown decides what a dependency with no known licence does: "warn" or "fail".
	Unknown string `yaml:"unknown" json:"unknown"`
}

// DLP configures the path rules.
type DLP struct {
	Enabled bool `yaml:"enabled" json:"enabled"`
	// Forbidden globs are added to the built-in list: never committed, the gate fails.
	Forbidden []string `yaml:"forbidden" json:"forbidden"`
	// Sensitive areas are added to the built-in ones: touching them needs InfoSec approval.
	Sensitive []SensitiveArea `yaml:"sensitive" json:"sensitive"`
	// MaxFileSize is the largest file that may be added or changed (e.g. "5MB").
	MaxFileSize ByteSize `yaml:"max_file_size" json:"max_file_size"`
	// Binary decides what an added or changed binary file does: "warn" (default), "fail" or "ignore".
	Binary string `yaml:"binary" json:"binary"`
}

// SensitiveArea is a set of globs and why touching them needs InfoSec.
type SensitiveArea struct {
	Paths  []string `yaml:"paths" json:"paths"`
	Reason string   `yaml:"reason" json:"reason"`
}

// Override configures the break-glass override.
type Override struct {
	// Label, set by an InfoSec member, passes the gate for the labelled head SHA; audited.
	Label string `yaml:"label" json:"label"`
}
