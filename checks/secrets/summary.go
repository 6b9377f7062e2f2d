package secrets

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// scanStats describes what a run covered, for the summary.
type scanStats struct {
	history bool
	commits int
	files   int
	bytes   int64
	skipped []skippedFile
	maxBlob int
}

// summary is the Markdown of the check run: what was scanned, the findings
// by rule and one by one, every waived finding and why, and what to do.
func summary(findings []reported, st scanStats, cs *checks.ChangeSet) string {
	var b strings.Builder
	switch {
	case st.history && st.commits > 0:
		fmt.Fprintf(&b, "Scanned the lines added by %d commit(s) and by the final diff (%d file(s), %s), the pull request's title and description and the commit messages.\n\n",
			st.commits, st.files, humanBytes(st.bytes))
	case st.history:
		fmt.Fprintf(&b, "Scanned the lines added by the final diff (%d file(s), %s).\n\n", st.files, humanBytes(st.bytes))
	default:
		fmt.Fprintf(&b, "Scanned the lines added by the final diff (%d file(s), %s) and the pull request's title and description (`secrets.history: false`: earlier commits were not scanned).\n\n",
			st.files, humanBytes(st.bytes))
	}
	var blocking, waived []reported
	for _, f := range findings {
		if f.Waived != "" {
			waived = append(waived, f)
		} else {
			blocking = append(blocking, f)
		}
	}
	if len(blocking) > 0 {
		b.WriteString("| Rule | Secrets |\n|---|---|\n")
		for _, rc := range countByRule(blocking) {
			fmt.Fprintf(&b, "| %s | %d |\n", code(rc.rule), rc.n)
		}
		b.WriteString("\n#### Secrets\n\n| Where | Rule | Preview | Introduced in | Fingerprint |\n|---|---|---|---|---|\n")
		for _, f := range blocking {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", f.where(cs), code(f.RuleID), code(f.src.at.preview), commitCell(f.Finding), code(f.Fingerprint))
		}
		b.WriteString("\n")
	}
	if len(waived) > 0 {
		fmt.Fprintf(&b, "#### Waived (%d)\n\nThese matched a rule but the policy accepts them; they do not fail the check.\n\n| Where | Rule | Fingerprint | Why waived |\n|---|---|---|---|\n", len(waived))
		for _, f := range waived {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.where(cs), code(f.RuleID), code(f.Fingerprint), cell(f.Waived))
		}
		b.WriteString("\n")
	}
	if len(st.skipped) > 0 {
		b.WriteString("#### Not scanned\n\n")
		for _, s := range st.skipped {
			in := "the final diff"
			if s.commit != finalDiff {
				in = "commit " + checks.ShortSHA(cs.Commits[s.commit].SHA)
			}
			fmt.Fprintf(&b, "- %s in %s: %s, over the %s limit for a file scanned whole.\n", code(s.path), in, humanBytes(int64(s.size)), humanBytes(int64(st.maxBlob)))
		}
		b.WriteString("\n")
	}
	if len(blocking) > 0 {
		b.WriteString("**What to do.** Rotate every credential listed (revoke it and issue a new one): once pushed, a secret is leaked, and deleting it from the branch or rewriting history does not change that. ")
		b.WriteString("If a finding is not a secret, add its fingerprint under `secrets.allow.fingerprints` in `.security.yml` on the base branch, or put a `gatehouse:allow` comment on its line.\n")
	}
	return b.String()
}

type ruleCount struct {
	rule string
	n    int
}

func countByRule(fs []reported) []ruleCount {
	m := map[string]int{}
	for _, f := range fs {
		m[f.RuleID]++
	}
	out := make([]ruleCount, 0, len(m))
	for r, n := range m {
		out = append(out, ruleCount{r, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].rule < out[j].rule
	})
	return out
}

// reported is a finding and the secret it was built from.
type reported struct {
	checks.Finding
	src secret
}

// where names a finding's place for the summary.
func (r reported) where(cs *checks.ChangeSet) string {
	if r.Path == "" {
		return placeName(r.src.at, cs)
	}
	place := code(fmt.Sprintf("%s:%d", r.Path, r.StartLine))
	if r.EndLine != r.StartLine {
		place = code(fmt.Sprintf("%s:%d-%d", r.Path, r.StartLine, r.EndLine))
	}
	if r.src.gone {
		place += " (no longer in the head)"
	}
	return place
}

func commitCell(f checks.Finding) string {
	if f.Commit == "" {
		return "this pull request"
	}
	return code(checks.ShortSHA(f.Commit))
}

var (
	codeEscaper = strings.NewReplacer("`", "'", "|", `\|`, "\n", " ", "\r", " ")
	cellEscaper = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ")
)

// code renders s as a Markdown code span inside a table cell.
func code(s string) string { return "`" + codeEscaper.Replace(s) + "`" }

// cell renders s as plain text inside a table cell.
func cell(s string) string { return cellEscaper.Replace(s) }

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
