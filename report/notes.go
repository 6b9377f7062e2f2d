package report

import (
	"fmt"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// Circumstances are what a local scan knows about how it ran, beyond its
// findings: what Notes explains to the reader.
type Circumstances struct {
	Range Range
	// RangeWhy explains a base the user might not expect ("" when none).
	RangeWhy string
	// Shallow is true for a range scan of a shallow clone.
	Shallow bool
	// PolicyMissing is true when the defaults apply because no policy file was found.
	PolicyMissing bool
	// Offline is true for --offline; OSVDir is then where advisories come
	// from ("" when they are not checked).
	Offline bool
	OSVDir  string
	Verdict gate.Verdict
}

// Notes are the lines that help a reader trust the result: how the range
// and the policy were chosen, what offline mode left out, why an InfoSec need
// does not fail the scan. They go to Input.Notes.
func Notes(c Circumstances) []string {
	var notes []string
	if c.RangeWhy != "" {
		notes = append(notes, c.RangeWhy)
	}
	if c.Shallow {
		notes = append(notes, "this is a shallow clone: commits before its graft are missing, so the range may start later than the real merge base (git fetch --unshallow for an exact scan)")
	}
	if !c.Range.Staged && c.Range.Commits == 0 && c.Range.Files == 0 {
		notes = append(notes, fmt.Sprintf("nothing to scan: %s has no commit that %s lacks; use --all to scan the whole history, or --staged for staged changes", c.Range.Head, c.Range.Base))
	}
	if c.PolicyMissing {
		notes = append(notes, "no "+config.FileName+" found: the built-in defaults apply (an organisation default in OWNER/.github is not read locally; pass --config to use one)")
	}
	if c.Offline {
		if c.OSVDir != "" {
			notes = append(notes, "offline: dependency advisories come from "+c.OSVDir+"; licences are not looked up")
		} else {
			notes = append(notes, "offline: dependency advisories and licences are not checked (give --osv-dir or GATEHOUSE_OSV_DIR a local OSV database to check advisories)")
		}
	}
	if c.Verdict.Conclusion == checks.ActionRequired {
		notes = append(notes, "only InfoSec approval is missing: the App will ask InfoSec to review when the pull request opens, and a developer cannot approve their own change, so this scan exits 0")
	}
	return notes
}

// ExitCode is a scan's exit status for its verdict: 1 when the gate would
// fail, else 0 (a missing InfoSec approval is not the developer's to give).
func ExitCode(v gate.Verdict) int {
	if v.Conclusion == checks.Failure {
		return 1
	}
	return 0
}
