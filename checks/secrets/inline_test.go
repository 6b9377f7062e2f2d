package secrets

import (
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// TestInlineMarkers covers who an inline allow marker speaks for: only the
// lines that carried it, and, by default, not without InfoSec's approval.
func TestInlineMarkers(t *testing.T) {
	tok := newGen(21).githubClassic()
	fp := Fingerprint("github-pat", tok)
	plain := `token = "` + tok + `"`
	marked := plain + "  # gatehouse:allow"
	// history builds a pull request from the lines each commit adds to
	// app.py; head is the file at the end.
	history := func(head string, commits ...[]checks.Line) *checks.ChangeSet {
		src := newFakeSource()
		cs := &checks.ChangeSet{Repo: "acme/app", Number: 9, Source: src}
		for i, lines := range commits {
			name := sha("c" + string(rune('1'+i)))
			f := checks.File{Path: "app.py", Status: "modified", Added: lines, Additions: len(lines)}
			src.commits[name] = []checks.File{f}
			cs.Commits = append(cs.Commits, checks.Commit{SHA: name})
			cs.HeadSHA = name
		}
		cs.Files = []checks.File{added("app.py", head)}
		return cs
	}
	line := func(no int, text string) checks.Line { return checks.Line{No: no, Text: text} }
	tests := []struct {
		name     string
		cs       *checks.ChangeSet
		mode     config.InlineMarkers
		history  bool
		waived   string // "" means the finding blocks
		commit   string
		needs    bool
		needLine string
	}{
		{name: "a marker appended by a later commit does not waive the commit that leaked it",
			cs:   history("import os\n"+marked, []checks.Line{line(1, "import os"), line(2, plain)}, []checks.Line{line(2, marked)}),
			mode: config.InlineNeedsApproval, history: true, commit: sha("c1")},
		{name: "a secret re-added without the marker is reported at its unmarked commit",
			cs:   history("import os\n"+marked+"\nx = 1", []checks.Line{line(1, "import os"), line(2, marked)}, []checks.Line{line(2, plain), line(3, "x = 1")}, []checks.Line{line(2, marked)}),
			mode: config.InlineNeedsApproval, history: true, commit: sha("c2")},
		{name: "a marker on every commit that added it waives it, with InfoSec's approval",
			cs:   history("import os\n"+marked, []checks.Line{line(1, "import os"), line(2, marked)}),
			mode: config.InlineNeedsApproval, history: true, waived: `inline "gatehouse:allow" marker on the line`, commit: sha("c1"), needs: true, needLine: "app.py:2"},
		{name: "the zero mode is the default: approval needed",
			cs:      history("import os\n"+marked, []checks.Line{line(1, "import os"), line(2, marked)}),
			history: true, waived: `inline "gatehouse:allow" marker on the line`, commit: sha("c1"), needs: true, needLine: "app.py:2"},
		{name: "inline: true takes the author's word",
			cs:   history("import os\n"+marked, []checks.Line{line(1, "import os"), line(2, marked)}),
			mode: config.InlineTrusted, history: true, waived: `inline "gatehouse:allow" marker on the line`, commit: sha("c1")},
		{name: "inline: false ignores markers",
			cs:   history("import os\n"+marked, []checks.Line{line(1, "import os"), line(2, marked)}),
			mode: config.InlineIgnored, history: true, commit: sha("c1")},
		{name: "history off: the final diff's marker, with InfoSec's approval",
			cs:   history("import os\n"+marked, []checks.Line{line(1, "import os"), line(2, plain)}, []checks.Line{line(2, marked)}),
			mode: config.InlineNeedsApproval, history: false, waived: `inline "gatehouse:allow" marker on the line`, needs: true, needLine: "app.py:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRun(t, tt.cs, policy(func(s *config.Secrets) { s.History = tt.history; s.Allow.Inline = tt.mode }))
			if len(res.Findings) != 1 {
				t.Fatalf("want one finding, got:\n%s", describe(res.Findings))
			}
			f := res.Findings[0]
			if f.Waived != tt.waived || f.Commit != tt.commit || f.Path != "app.py" || f.StartLine != 2 || f.Fingerprint != fp {
				t.Errorf("got %s:%d waived %q from commit %q, want app.py:2 waived %q from %q", f.Path, f.StartLine, f.Waived, f.Commit, tt.waived, tt.commit)
			}
			want := checks.Success
			if tt.waived == "" {
				want = checks.Failure
			}
			if res.Conclusion != want {
				t.Errorf("concluded %s, want %s", res.Conclusion, want)
			}
			if !tt.needs {
				if len(res.Needs) != 0 {
					t.Errorf("want no InfoSec approval needed, got %+v", res.Needs)
				}
				return
			}
			if len(res.Needs) != 1 {
				t.Fatalf("want InfoSec approval for the waiver, got %+v", res.Needs)
			}
			n := res.Needs[0]
			if n.Kind != "inline-waiver" || n.Subject != tt.needLine || !strings.Contains(n.Reason, fp) || strings.Contains(n.Reason, tok[4:16]) {
				t.Errorf("need %+v: want kind inline-waiver on %s naming the fingerprint, never the secret", n, tt.needLine)
			}
			if tt.commit != "" && (len(n.Commits) != 1 || n.Commits[0] != tt.commit) {
				t.Errorf("need's commits %v, want [%s]: a later marker edit must make an approval stale", n.Commits, tt.commit)
			}
		})
	}
}
