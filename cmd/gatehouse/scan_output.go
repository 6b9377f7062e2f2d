package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

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
