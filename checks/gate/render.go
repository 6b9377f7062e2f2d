package gate

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse-sec/gatehouse/checks"
)

var icons = map[checks.Conclusion]string{
	checks.Success: "✅", checks.Failure: "❌", checks.Neutral: "⚪", checks.ActionRequired: "🟡",
}

// render writes the gate's summary: what blocks, what InfoSec must do, each
// check's outcome, and where the policy came from.
func render(in Input, v Verdict) string {
	var b strings.Builder
	if o := in.Override; o != nil {
		fmt.Fprintf(&b, "### ⚠️ Overridden by @%s: %s\n\nThe gate passes for this commit only, by break-glass override (%s). The findings below still stand and the override is audited.\n\n", o.Actor, o.Reason, o.Via)
	}
	if len(v.Blockers) > 0 {
		b.WriteString("### ❌ What blocks this pull request\n\n")
		for _, bl := range v.Blockers {
			b.WriteString("- " + bl + "\n")
		}
		b.WriteString("\n")
	}
	if len(v.Needs) > 0 {
		renderApprovals(&b, in, v)
	}
	if len(in.Outcomes) > 0 {
		b.WriteString("### Checks\n\n| check | result | |\n|---|---|---|\n")
		for _, o := range in.Outcomes {
			switch {
			case o.Err != nil:
				fmt.Fprintf(&b, "| %s | ❌ could not finish | %s |\n", checks.RunName(o.Name), cell(o.Err.Error()))
			case o.Result != nil:
				fmt.Fprintf(&b, "| %s | %s %s | %s |\n", checks.RunName(o.Name), icons[o.Result.Conclusion], o.Result.Conclusion, cell(o.Result.Title))
			}
		}
		b.WriteString("\n")
	}
	if pc := in.PolicyChange; pc != nil {
		b.WriteString("### Policy change in this pull request\n\n")
		switch {
		case pc.Removed:
			fmt.Fprintf(&b, "This pull request deletes `%s`. It does not govern this pull request; once merged, later pull requests fall back to the organisation default or the built-in defaults.\n\n", pc.Path)
		case pc.Err != nil:
			fmt.Fprintf(&b, "The new `%s` is **invalid** and must be fixed before merging:\n\n```\n%s\n```\n\n", pc.Path, pc.Err.Error())
		default:
			fmt.Fprintf(&b, "The new `%s` is valid. It does not govern this pull request (the base branch's policy does); it takes effect once merged.\n\n", pc.Path)
		}
	}
	for _, n := range in.Notes {
		b.WriteString("> " + n + "\n\n")
	}
	fmt.Fprintf(&b, "<sub>Policy: %s", in.PolicySource)
	if in.Contact != "" {
		fmt.Fprintf(&b, " · Security contact: %s", in.Contact)
	}
	b.WriteString(" · Re-run from the Checks tab, or push a commit.</sub>\n")
	return b.String()
}

func renderApprovals(b *strings.Builder, in Input, v Verdict) {
	a := in.Approvals
	required := a.Required
	if required < 1 {
		required = 1
	}
	mark := "🟡"
	if v.Approved {
		mark = "✅"
	}
	fmt.Fprintf(b, "### %s InfoSec review: %d of %d approvals", mark, min(len(a.Valid), required), required)
	for i, ap := range a.Valid {
		sep := ": "
		if i > 0 {
			sep = ", "
		}
		fmt.Fprintf(b, "%s@%s at %s", sep, ap.Login, checks.ShortSHA(ap.Commit))
	}
	b.WriteString("\n\nInfoSec must approve because this pull request touches:\n\n")
	for _, n := range v.Needs {
		fmt.Fprintf(b, "- `%s`: %s\n", n.Subject, n.Reason)
	}
	for _, ap := range a.Stale {
		fmt.Fprintf(b, "\nThe approval by @%s at %s is stale: %s.", ap.Login, checks.ShortSHA(ap.Commit), ap.Why)
	}
	for _, ap := range a.Rejected {
		fmt.Fprintf(b, "\nThe approval by @%s does not count: %s.", ap.Login, ap.Why)
	}
	b.WriteString("\n\n")
}

func cell(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", "\\|")
	return Truncate(s, 300)
}

// Truncate shortens s to at most n bytes on a rune boundary, marking the cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
