package report

import (
	"encoding/json"
	"io"
	"net/url"
	"sort"
	"strings"
)

// SARIF's schema and version as GitHub code scanning expects them.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// FingerprintKey names Gatehouse's fingerprint among a result's
	// partialFingerprints; the version lets the scheme change without
	// matching old alerts to new ones.
	FingerprintKey = "gatehouseFingerprint/v1"
)

// WriteSARIF writes the report as a SARIF 2.1.0 log that GitHub code
// scanning accepts: one run of the "gatehouse" driver, one rule per
// check/rule pair, results located by a relative path and a region (a
// whole-file finding points at line 1), Gatehouse's fingerprint as a partial
// fingerprint, and waived findings as suppressed results. Findings with no
// path (a secret in a commit message) cannot be located in a file, so they
// are reported as tool notifications of the run's invocation.
func WriteSARIF(w io.Writer, r *Report) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "gatehouse", Version: r.Tool.Version,
			InformationURI: "https://github.com/gatehouse-sec/gatehouse", Rules: []sarifRule{},
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
		Properties: map[string]any{"gatehouseVerdict": r.Verdict.Conclusion, "gatehouseTitle": r.Verdict.Title},
	}
	inv := sarifInvocation{ExecutionSuccessful: true, ExitCode: r.Verdict.ExitCode}
	for _, c := range r.Checks {
		if c.Error != "" {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{Text: "the " + c.Name + " check could not finish: " + c.Error},
			})
		}
	}
	index := map[string]int{}
	for _, f := range ruleOrder(r.Findings) {
		index[ruleID(f)] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: ruleID(f), Name: f.RuleID,
			ShortDescription:     sarifText{Text: "Gatehouse " + f.Check + " rule " + f.RuleID},
			Help:                 sarifText{Text: "Each result's message says what was found and how to fix it."},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(f.Level)},
			Properties:           map[string]any{"tags": []string{"security", f.Check}, "security-severity": securitySeverity(f.Level)},
		})
	}
	for _, f := range r.Findings {
		text := f.Title + ": " + strings.TrimRight(f.Message, "\n")
		if f.Path == "" {
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: sarifLevel(f.Level), Message: sarifText{Text: "[" + ruleID(f) + "] " + text},
			})
			continue
		}
		res := sarifResult{
			RuleID: ruleID(f), RuleIndex: index[ruleID(f)], Level: sarifLevel(f.Level),
			Message:   sarifText{Text: text},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: pathURI(f.Path)}, Region: region(f)}}},
		}
		if f.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{FingerprintKey: f.Fingerprint}
		}
		if f.Waived != "" {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: f.Waived}}
		}
		if f.Commit != "" {
			res.Properties = map[string]any{"commit": f.Commit}
		}
		run.Results = append(run.Results, res)
	}
	run.Invocations = []sarifInvocation{inv}
	return encodeSARIF(w, run)
}

// WriteSARIFError writes the SARIF log of a scan that could not run (an
// invalid policy, an unknown revision): no results, and the error as the
// invocation's notification, so that a pipeline that uploads whatever the
// scan wrote still uploads a valid log that says why it is empty.
func WriteSARIFError(w io.Writer, toolVersion string, exitCode int, scanErr error) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "gatehouse", Version: toolVersion,
			InformationURI: "https://github.com/gatehouse-sec/gatehouse", Rules: []sarifRule{},
		}},
		Results:    []sarifResult{},
		ColumnKind: "unicodeCodePoints",
		Invocations: []sarifInvocation{{ExecutionSuccessful: false, ExitCode: exitCode, ToolExecutionNotifications: []sarifNotification{
			{Level: "error", Message: sarifText{Text: "gatehouse scan: " + scanErr.Error()}},
		}}},
	}
	return encodeSARIF(w, run)
}

func encodeSARIF(w io.Writer, run sarifRun) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// ruleID is unique across checks: two engines may use the same rule name.
func ruleID(f Finding) string { return f.Check + "/" + f.RuleID }

// ruleOrder returns one finding per rule, sorted by rule id, so that rule
// indexes are stable from one scan to the next. A rule's level is the most
// severe of its findings.
func ruleOrder(fs []Finding) []Finding {
	byID := map[string]Finding{}
	for _, f := range fs {
		id := ruleID(f)
		if prev, ok := byID[id]; !ok || rank(f.Level) > rank(prev.Level) {
			byID[id] = f
		}
	}
	out := make([]Finding, 0, len(byID))
	for _, f := range byID {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return ruleID(out[i]) < ruleID(out[j]) })
	return out
}

func rank(level string) int {
	switch level {
	case "failure":
		return 2
	case "warning":
		return 1
	}
	return 0
}

func sarifLevel(level string) string {
	switch level {
	case "failure":
		return "error"
	case "warning":
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric severity (critical ≥ 9, high ≥ 7,
// medium ≥ 4, low otherwise), shown on code-scanning alerts.
func securitySeverity(level string) string {
	switch level {
	case "failure":
		return "8.0"
	case "warning":
		return "5.0"
	}
	return "2.0"
}

// region locates a finding; SARIF's endColumn is exclusive, Gatehouse's inclusive.
func region(f Finding) sarifRegion {
	reg := sarifRegion{StartLine: max(f.StartLine, 1)}
	if f.EndLine > reg.StartLine {
		reg.EndLine = f.EndLine
	}
	if f.StartColumn > 0 {
		reg.StartColumn = f.StartColumn
		if f.EndColumn >= f.StartColumn && (f.EndLine == 0 || f.EndLine == f.StartLine) {
			reg.EndColumn = f.EndColumn + 1
		}
	}
	return reg
}

// pathURI makes a repository path a relative URI reference: each segment
// percent-encoded, slashes kept.
func pathURI(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		// A colon in the first segment would read as a URI scheme.
		parts[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(parts, "/")
}
