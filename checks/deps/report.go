package deps

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
)

// result assembles the check's result from the evaluation.
func (ev *evaluation) result() *checks.Result {
	ev.groupChanges()
	r := &checks.Result{Check: Name, Conclusion: checks.Success, Findings: ev.findings, Needs: ev.needs,
		Dependencies: ev.dependencyReport()}
	if len(r.Blocking()) > 0 {
		r.Conclusion = checks.Failure
	}
	changed, vulnerable, malicious := 0, 0, 0
	for _, u := range ev.units {
		changed += len(u.changes)
		for _, c := range u.changes {
			switch {
			case len(c.advisories) > 0 && c.advisories[0].malicious:
				malicious++ // advisories are sorted with malware first
			case len(c.advisories) > 0:
				vulnerable++
			}
		}
	}
	var parts []string
	if ev.advisoryErr != nil {
		parts = append(parts, "advisory database unavailable")
	}
	if malicious > 0 {
		parts = append(parts, fmt.Sprintf("%d malicious", malicious))
	}
	if vulnerable > 0 {
		parts = append(parts, fmt.Sprintf("%d vulnerable", vulnerable))
	}
	other, unreadable := 0, 0
	for _, f := range r.Blocking() {
		switch f.RuleID {
		case RuleAdvisory, RuleMalware, RuleAdvisoriesDown:
		case RuleParseError:
			unreadable++
		default:
			other++
		}
	}
	if unreadable > 0 {
		parts = append(parts, plural(unreadable, "unreadable manifest"))
	}
	if other > 0 {
		parts = append(parts, plural(other, "policy violation"))
	}
	if changed > 0 {
		parts = append(parts, fmt.Sprintf("%d changed", changed))
	}
	if len(parts) == 0 {
		r.Title = "No dependency changes"
	} else {
		r.Title = strings.Join(parts, ", ")
	}
	r.Summary = ev.summary(changed)
	return r
}

func plural(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case strings.HasSuffix(word, "y"):
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (ev *evaluation) summary(changed int) string {
	var b strings.Builder
	if changed == 0 {
		b.WriteString("No dependency was added, removed or changed")
		if len(ev.units) > 0 {
			b.WriteString(" in the manifests this pull request touches")
		}
		b.WriteString(".\n\n")
	}
	if changed > 0 {
		ev.writeChangeTables(&b, changed)
	}
	ev.writeUnresolved(&b)
	ev.writeFindings(&b)
	if len(ev.needs) > 0 {
		b.WriteString("#### InfoSec review needed\n\n")
		for _, n := range ev.needs {
			fmt.Fprintf(&b, "- `%s`: %s\n", n.Subject, n.Reason)
		}
		b.WriteString("\n")
	}
	if len(ev.expired) > 0 {
		fmt.Fprintf(&b, "**Expired allow-list entries** (no longer applied): %s\n\n", strings.Join(uniq(ev.expired), ", "))
	}
	for _, n := range ev.notes {
		fmt.Fprintf(&b, "> %s\n\n", n)
	}
	return b.String()
}

func (ev *evaluation) writeFindings(b *strings.Builder) {
	if len(ev.findings) == 0 {
		return
	}
	b.WriteString("#### Findings\n\n")
	for _, f := range ev.findings {
		icon := map[checks.Level]string{checks.LevelFailure: "❌", checks.LevelWarning: "⚠️", checks.LevelNotice: "ℹ️"}[f.Level]
		where := ""
		if f.Path != "" {
			where = "`" + f.Path
			if f.StartLine > 0 {
				where += fmt.Sprintf(":%d", f.StartLine)
			}
			where += "` "
		}
		if f.Waived != "" {
			fmt.Fprintf(b, "- ✅ %s~~%s~~: waived, %s\n", where, f.Title, f.Waived)
			continue
		}
		fmt.Fprintf(b, "- %s %s**%s**: %s\n", icon, where, f.Title, f.Message)
	}
	b.WriteString("\n")
}

func (c *change) changeLabel() string {
	s := string(c.typ)
	if c.sourceMoved && c.typ != SourceChanged && c.from != nil && c.to != nil {
		s += fmt.Sprintf(", source %s → %s", c.from.Source, c.to.Source)
	} else if c.typ == SourceChanged {
		s += fmt.Sprintf(" (%s → %s)", c.from.Source, c.to.Source)
	}
	return s
}

func (c *change) versionLabel() string {
	switch {
	case c.from == nil:
		return c.to.Version
	case c.to == nil:
		return c.from.Version
	case c.from.Version == c.to.Version:
		return c.to.Version
	}
	return c.from.Version + " → " + c.to.Version
}

func (c *change) relationLabel() string {
	p := c.to
	if p == nil {
		p = c.from
	}
	var parts []string
	switch p.Relation {
	case manifest.Direct:
		parts = append(parts, "direct")
	case manifest.Transitive:
		parts = append(parts, "transitive")
	case manifest.Managed:
		parts = append(parts, "managed")
	}
	if p.Scope != "" {
		parts = append(parts, string(p.Scope))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}

func (c *change) advisoryCell() string {
	var parts []string
	for _, a := range c.advisories {
		s := fmt.Sprintf("[%s](%s) %s", a.primary(), a.link(), a.severityLabel())
		if a.fixed != "" {
			s += ", fixed in " + cell(a.fixed)
		}
		parts = append(parts, s)
	}
	if len(c.preexisting) > 0 {
		parts = append(parts, "already at base: "+strings.Join(uniq(c.preexisting), ", "))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, "<br>")
}

func (c *change) licenseLabel() string {
	if c.to == nil {
		return "–"
	}
	if c.license != "" {
		return c.license
	}
	if c.to.Range || c.to.Ecosystem == manifest.Actions {
		return "–"
	}
	if c.licenseNote != "" {
		return "unknown (" + c.licenseNote + ")"
	}
	return "unknown"
}

// cell escapes a value for a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func uniq(ss []string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
