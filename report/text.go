package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// TextOptions tune the text report.
type TextOptions struct {
	// Color turns on ANSI colours; callers enable it only on a terminal.
	Color bool
}

type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) bold(s string) string   { return p.wrap("1", s) }
func (p palette) dim(s string) string    { return p.wrap("2", s) }
func (p palette) red(s string) string    { return p.wrap("31", s) }
func (p palette) green(s string) string  { return p.wrap("32", s) }
func (p palette) yellow(s string) string { return p.wrap("33", s) }
func (p palette) cyan(s string) string   { return p.wrap("36", s) }

// WriteText writes the report for a person: findings grouped by file, each
// with its fix, then every check's outcome, InfoSec needs, notes, and a
// one-line verdict last, where the eye lands.
func WriteText(w io.Writer, r *Report, o TextOptions) error {
	p := palette{on: o.Color}
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s %s\n", p.bold("gatehouse scan:"), describeRange(r.Range))
	fmt.Fprintf(b, "%s %s\n", p.bold("policy:"), r.Policy.Source)

	for _, g := range groupFindings(r.Findings) {
		b.WriteString("\n" + p.bold(g.heading) + "\n")
		for _, f := range g.findings {
			writeFinding(b, p, f)
		}
	}

	writeDependencies(b, p, r.Dependencies)
	if len(r.Checks) > 0 {
		b.WriteString("\n" + p.bold("checks:") + "\n")
		width := 0
		for _, c := range r.Checks {
			width = max(width, len(c.Name))
		}
		for _, c := range r.Checks {
			title := c.Title
			if c.Error != "" {
				title += ": " + c.Error
			}
			fmt.Fprintf(b, "  %s  %-*s  %s\n", conclusionMark(p, c.Conclusion), width, c.Name, title)
		}
	}
	if len(r.Verdict.ApprovalNeeds) > 0 {
		b.WriteString("\n" + p.bold("InfoSec approval needed:") + "\n")
		for _, n := range r.Verdict.ApprovalNeeds {
			fmt.Fprintf(b, "  - %s: %s\n", n.Subject, n.Reason)
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n" + p.bold("notes:") + "\n")
		for _, n := range r.Notes {
			fmt.Fprintf(b, "  - %s\n", p.cyan(n))
		}
	}
	if len(r.Verdict.Blockers) > 1 {
		b.WriteString("\n" + p.bold("blockers:") + "\n")
		for _, bl := range r.Verdict.Blockers {
			fmt.Fprintf(b, "  - %s\n", bl)
		}
	}
	b.WriteString("\n" + verdictLine(p, r) + "\n")
	return b.Flush()
}

func writeFinding(b *bufio.Writer, p palette, f Finding) {
	level := levelWord(p, f)
	loc := ""
	switch {
	case f.StartLine > 0 && f.StartColumn > 0:
		loc = fmt.Sprintf("line %d:%d  ", f.StartLine, f.StartColumn)
	case f.StartLine > 0 && f.EndLine > f.StartLine:
		loc = fmt.Sprintf("lines %d-%d  ", f.StartLine, f.EndLine)
	case f.StartLine > 0:
		loc = fmt.Sprintf("line %d  ", f.StartLine)
	}
	where := ""
	if f.Commit != "" {
		where = "  " + p.dim("("+commitName(f.Commit)+")")
	}
	fmt.Fprintf(b, "  %s  %s%s  %s%s\n", level, loc, p.dim(f.Check+"/"+f.RuleID), f.Title, where)
	if f.Waived != "" {
		fmt.Fprintf(b, "      %s\n", p.dim("waived: "+f.Waived))
	}
	for _, line := range strings.Split(strings.TrimRight(f.Message, "\n"), "\n") {
		fmt.Fprintf(b, "      %s\n", line)
	}
}

func levelWord(p palette, f Finding) string {
	switch {
	case f.Waived != "":
		return p.dim("waived ")
	case f.Level == "failure":
		return p.red("error  ")
	case f.Level == "warning":
		return p.yellow("warning")
	}
	return p.cyan("note   ")
}

func conclusionMark(p palette, c string) string {
	switch c {
	case "success":
		return p.green("pass   ")
	case "failure":
		return p.red("fail   ")
	case "error":
		return p.red("error  ")
	case "neutral":
		return p.dim("off    ")
	}
	return p.yellow(fmt.Sprintf("%-7s", c))
}

func verdictLine(p palette, r *Report) string {
	v := r.Verdict
	switch v.Conclusion {
	case "success":
		return p.green(p.bold("PASS")) + "  " + v.Title
	case "action_required":
		return p.yellow(p.bold("PASS, InfoSec approval needed")) + "  " + v.Title +
			". You cannot approve your own change: the App asks InfoSec for a review when the pull request opens, so this scan exits 0."
	}
	return p.red(p.bold("FAIL")) + "  " + v.Title
}

func describeRange(rg Range) string {
	var s string
	switch {
	case rg.Staged && rg.BaseCommit == "":
		s = "staged changes (no commit yet)"
	case rg.Staged:
		s = "staged changes against HEAD"
	case rg.Base == "" && rg.BaseCommit == "":
		s = "all history of " + rg.Head
	case rg.BaseCommit == "":
		s = rg.Head + " from the root of history (no common ancestor with " + rg.Base + ")"
	default:
		s = fmt.Sprintf("%s..%s (merge base %s)", rg.Base, rg.Head, commitName(rg.BaseCommit))
	}
	if rg.Staged {
		return s + ": " + plural(rg.Files, "changed file")
	}
	return fmt.Sprintf("%s: %s, %s", s, plural(rg.Commits, "commit"), plural(rg.Files, "changed file"))
}

func commitName(c string) string {
	if len(c) >= 40 {
		return "commit " + c[:7]
	}
	return c
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
