package evaluation

import (
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// GitHub's limits on a check run's output.
const (
	maxSummaryBytes = 65535
	maxTitleBytes   = 255
	maxMessageBytes = 60000 // under GitHub's 64 KB, leaving room for the suffix
	// maxAnnotationsPerRun caps what one run carries; the summary counts the rest.
	maxAnnotationsPerRun = 1000
)

// runOutput is the publish plan of one check run.
type runOutput = githubio.RunOutput

// checkOutput renders a check's result as its run's output.
func checkOutput(r *checks.Result, cs *checks.ChangeSet) runOutput {
	out := runOutput{Conclusion: r.Conclusion, Title: r.Title}
	var b strings.Builder
	b.WriteString(r.Summary)
	inHead := map[string]bool{}
	if cs != nil {
		for _, f := range cs.Files {
			if !f.Removed() {
				inHead[f.Path] = true
			}
		}
	}
	var pathless, gone []checks.Finding
	for _, f := range r.Findings {
		switch {
		case f.Path == "":
			pathless = append(pathless, f)
		case cs != nil && !inHead[f.Path]:
			gone = append(gone, f)
		}
		if f.Path != "" && len(out.Annotations) < maxAnnotationsPerRun {
			out.Annotations = append(out.Annotations, annotation(f))
		}
	}
	if len(pathless) > 0 {
		b.WriteString("\n\n**Not in a file** (pull request title, description or commit messages):\n\n")
		for _, f := range pathless {
			fmt.Fprintf(&b, "- %s: %s\n", f.Title, oneLine(f.Message))
		}
	}
	if len(gone) > 0 {
		b.WriteString("\n\n**In files the final diff no longer contains** (still in the history this pull request merges):\n\n")
		for _, f := range gone {
			fmt.Fprintf(&b, "- `%s:%d` %s (commit %s)\n", f.Path, f.StartLine, f.Title, checks.ShortSHA(f.Commit))
		}
	}
	if n := countWithPath(r.Findings); n > maxAnnotationsPerRun {
		fmt.Fprintf(&b, "\n\n_%d findings; only the first %d are annotated._\n", n, maxAnnotationsPerRun)
	}
	out.Summary = truncateSummary(b.String())
	return out
}

// gateOutput renders the gate's verdict.
func gateOutput(v gate.Verdict, st gateState) runOutput {
	return runOutput{Conclusion: v.Conclusion, Title: v.Title, Summary: truncateSummary(v.Summary), Text: st.text()}
}

// annotation places a finding on its file and line. GitHub wants a line even
// for whole-file findings, and columns only on single-line annotations.
func annotation(f checks.Finding) *github.CheckRunAnnotation {
	start := max(f.StartLine, 1)
	end := max(f.EndLine, start)
	a := &github.CheckRunAnnotation{
		Path:            github.String(f.Path),
		StartLine:       github.Int(start),
		EndLine:         github.Int(end),
		AnnotationLevel: github.String(string(f.Level)),
		Title:           github.String(gate.Truncate(f.Title, maxTitleBytes)),
		Message:         github.String(gate.Truncate(f.Message, maxMessageBytes)),
	}
	if f.Waived != "" {
		a.AnnotationLevel = github.String(string(checks.LevelNotice))
		a.Title = github.String(gate.Truncate("Waived: "+f.Title, maxTitleBytes))
		a.Message = github.String(gate.Truncate(f.Message+"\n\nWaived: "+f.Waived, maxMessageBytes))
	}
	if start == end && f.StartColumn > 0 && f.EndColumn >= f.StartColumn {
		a.StartColumn = github.Int(f.StartColumn)
		a.EndColumn = github.Int(f.EndColumn)
	}
	if f.Fingerprint != "" {
		a.RawDetails = github.String("fingerprint: " + f.Fingerprint)
	}
	return a
}

func truncateSummary(s string) string {
	const note = "\n\n_…summary truncated to GitHub's 65,535-character limit; the annotations and `gatehouse scan` show everything._"
	if len(s) <= maxSummaryBytes {
		return s
	}
	return gate.Truncate(s, maxSummaryBytes-len(note)) + note
}

func countWithPath(fs []checks.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Path != "" {
			n++
		}
	}
	return n
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return gate.Truncate(s, 300)
}
