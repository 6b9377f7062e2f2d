package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as one JSON document, the stable machine
// interface of `gatehouse scan --format json`. Its JSON Schema is
// schema/scan-output.schema.json. Version "1":
//
//	version        "1"
//	tool           {name: "gatehouse", version}
//	range          {base, base_commit, head, head_commit, staged, commits, files}
//	               base: the branch or commit compared with ("" from the root of history);
//	               base_commit: the merge base the diff starts from ("" at the root);
//	               head: "HEAD", a ref, or "staged"; head_commit: "" when staged;
//	               commits, files: how many commits and changed files were scanned
//	policy         {source, problems[]}: which policy governed; problems of the policy
//	               file as the change leaves it ({file, line, column, key?, message})
//	verdict        {conclusion, exit_code, title, blockers[], approval_needs[]}
//	               conclusion: success | action_required | failure (the gate's);
//	               exit_code: 0 for success and action_required, 1 for failure;
//	               approval_needs[]: {kind, subject, reason}
//	checks[]       {name, conclusion, title, error?}; conclusion: success | failure |
//	               neutral (disabled by the policy) | error (could not decide)
//	findings[]     {check, rule_id, title, message, path?, start_line?, end_line?,
//	               start_column?, end_column?, level, commit?, fingerprint?, waived?, blocking}
//	               level: failure | warning | notice; lines and columns are 1-based
//	               (columns count Unicode code points, end_column inclusive); commit is
//	               the introducing commit id or "staged"; blocking: fails its check
//	notes[]        lines for the reader (offline mode, how the base was chosen)
//	dependencies   present when the dependency check ran: {files, counts, changes[],
//	               unresolved[]}; counts: {kind of change: n}; changes[]: {path,
//	               ecosystem, name, change, from?, to?, from_source?, to_source?,
//	               relation?, scope?}, every change, never capped; change: added |
//	               removed | upgraded | downgraded | changed | source changed;
//	               unresolved[]: {path, name, why}, versions managed outside the
//	               repository, not checked
//
// Arrays are always present (possibly empty). Fields may be added within a
// version; a field is removed or changes meaning only with a new version.
// Findings never hold secret values: the engines mask them.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
