package secrets

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// maxTitle is GitHub's limit on an annotation title.
const maxTitle = 255

// toFinding turns a deduplicated secret into the finding the publisher shows.
func toFinding(s secret, cs *checks.ChangeSet, waived string) checks.Finding {
	f := checks.Finding{
		Check:       Name,
		RuleID:      s.at.rule,
		Title:       truncate(titleOf(s.at), maxTitle),
		Level:       checks.LevelFailure,
		Fingerprint: s.at.fingerprint,
		Waived:      waived,
	}
	if s.introduced != finalDiff {
		f.Commit = cs.Commits[s.introduced].SHA
	}
	if s.at.where == inFile {
		f.Path = s.at.path
		f.StartLine, f.EndLine = s.at.startLine, s.at.endLine
		if f.StartLine == f.EndLine {
			f.StartColumn, f.EndColumn = s.at.startCol, s.at.endCol
		}
	}
	f.Message = message(s, cs)
	return f
}

func message(s secret, cs *checks.ChangeSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Possible %ssecret `%s` (rule %s) %s", encodedAs(s.at.encoding), s.at.preview, s.at.rule, placeName(s.at, cs))
	switch {
	case s.introduced != finalDiff:
		fmt.Fprintf(&b, ", introduced in commit %s", checks.ShortSHA(cs.Commits[s.introduced].SHA))
	case s.at.where == inFile:
		b.WriteString(", added by this pull request")
	}
	b.WriteString(".\n")
	fmt.Fprintf(&b, "Fingerprint: %s\n", s.at.fingerprint)
	if len(s.also) > 0 {
		fmt.Fprintf(&b, "The same secret is also on line %s.\n", joinInts(s.also))
	}
	if s.gone {
		b.WriteString("The head of the branch no longer has it, but the commit above does: it was pushed, so it is leaked all the same.\n")
	}
	b.WriteString("Rotate this credential (revoke it and issue a new one): deleting it from the branch, or even from the history, does not un-leak it.\n")
	b.WriteString("If it is not a secret, accept it by adding its fingerprint under secrets.allow.fingerprints in .security.yml on the base branch, or put a `gatehouse:allow` comment on its line (InfoSec then approves the waiver, unless the policy's secrets.allow.inline is true).")
	return b.String()
}

// titleOf is the rule's description, saying when the secret was encoded.
func titleOf(l located) string {
	if l.encoding == "" {
		return l.description
	}
	return "(" + encodedAs(l.encoding) + "secret) " + l.description
}

// encodedAs says how a secret found in decoded text was written.
func encodedAs(encoding string) string {
	if encoding == "" {
		return ""
	}
	return encoding + "-encoded "
}

// placeName says where a secret is, for messages.
func placeName(l located, cs *checks.ChangeSet) string {
	switch l.where {
	case inTitle:
		return "in the pull request title"
	case inBody:
		return "in the pull request description"
	case inMessage:
		return "in the message of commit " + checks.ShortSHA(cs.Commits[l.commit].SHA)
	}
	if l.startLine != l.endLine {
		return fmt.Sprintf("at %s lines %d-%d", l.path, l.startLine, l.endLine)
	}
	return fmt.Sprintf("at %s:%d", l.path, l.startLine)
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ", ")
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// title is the one-line outcome of the check run.
func title(blocking, waived, skipped int) string {
	var t string
	switch blocking {
	case 0:
		t = "No secrets found"
	case 1:
		t = "1 secret found"
	default:
		t = strconv.Itoa(blocking) + " secrets found"
	}
	var notes []string
	if waived > 0 {
		notes = append(notes, strconv.Itoa(waived)+" waived")
	}
	if skipped == 1 {
		notes = append(notes, "1 file not scanned")
	} else if skipped > 1 {
		notes = append(notes, strconv.Itoa(skipped)+" files not scanned")
	}
	if len(notes) > 0 {
		t += " (" + strings.Join(notes, ", ") + ")"
	}
	return t
}

// sortReported orders findings as checks.SortFindings does, so the summary
// lists them in the order of the annotations.
func sortReported(rs []reported) {
	sort.SliceStable(rs, func(i, j int) bool { return checks.FindingLess(rs[i].Finding, rs[j].Finding) })
}
