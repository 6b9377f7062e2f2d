package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/local"
	"github.com/gatehouse-sec/gatehouse/report"
)

// writeScanReport renders the report on stdout, nothing else. Colour only on
// a terminal, and never with --no-color, NO_COLOR (no-color.org) or TERM=dumb.
func writeScanReport(w io.Writer, rep *report.Report, o *scanOptions, getenv func(string) string) error {
	switch o.format {
	case "json":
		return report.WriteJSON(w, rep)
	case "sarif":
		return report.WriteSARIF(w, rep)
	}
	color := scanIsTerminal(w) && !o.noColor && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
	return report.WriteText(w, rep, report.TextOptions{Color: color})
}

// scanIsTerminal reports whether w is a character device (a terminal).
func scanIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// scanNotes are the lines that help a reader trust the result: how the range
// and the policy were chosen, what offline mode left out, why an InfoSec need
// does not fail the scan.
func scanNotes(o *scanOptions, rg *local.Range, shallow bool, cs *checks.ChangeSet, pol *scanPolicy, v gate.Verdict, getenv func(string) string) []string {
	var notes []string
	if rg.Why != "" {
		notes = append(notes, rg.Why)
	}
	if shallow {
		notes = append(notes, "this is a shallow clone: commits before its graft are missing, so the range may start later than the real merge base (git fetch --unshallow for an exact scan)")
	}
	if !rg.Staged && len(cs.Commits) == 0 && len(cs.Files) == 0 {
		notes = append(notes, fmt.Sprintf("nothing to scan: %s has no commit that %s lacks; use --all to scan the whole history, or --staged for staged changes", rg.HeadRef, rg.BaseRef))
	}
	if pol.missing {
		notes = append(notes, "no "+config.FileName+" found: the built-in defaults apply (an organisation default in OWNER/.github is not read locally; pass --config to use one)")
	}
	if o.offline {
		dir := o.osvDir
		if dir == "" {
			dir = getenv("GATEHOUSE_OSV_DIR")
		}
		if dir != "" {
			notes = append(notes, "offline: dependency advisories come from "+dir+"; licences are not looked up")
		} else {
			notes = append(notes, "offline: dependency advisories and licences are not checked (give --osv-dir or GATEHOUSE_OSV_DIR a local OSV database to check advisories)")
		}
	}
	if v.Conclusion == checks.ActionRequired {
		notes = append(notes, "only InfoSec approval is missing: the App will ask InfoSec to review when the pull request opens, and a developer cannot approve their own change, so this scan exits 0")
	}
	return notes
}

// scanProgress reports on stderr how many commits have been read, at most
// ten times a second; when stderr is not a terminal only with --progress.
type scanProgress struct {
	w       io.Writer
	on      bool
	tty     bool
	mu      sync.Mutex
	last    time.Time
	printed bool
}

func newScanProgress(w io.Writer, on bool) *scanProgress {
	return &scanProgress{w: w, on: on, tty: scanIsTerminal(w)}
}

func (p *scanProgress) commits(read, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if read < total && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	end := "\n"
	if p.tty {
		end = "\r"
	}
	fmt.Fprintf(p.w, "gatehouse scan: read %d/%d commits%s", read, total, end)
	p.printed = true
}

// done clears a terminal's progress line before the report.
func (p *scanProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.printed && p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.on = false // git may still be streaming commits no check asked for
}
