package secrets

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/zricethezav/gitleaks/v8/detect"
)

// contextHits runs the rules on the fragment's lines rewritten with their
// context and returns what they find there that found does not already
// hold, placed on the value's own line and columns.
func (e *engine) contextHits(ctx context.Context, path, raw string, found []hit) []hit {
	lines := contextLines(raw, e.providers)
	if len(lines) == 0 {
		return nil
	}
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = l.text()
	}
	text := strings.Join(texts, "\n")
	frag := detect.Fragment{Raw: text, FilePath: path, StartLine: 1}
	hits := toHits(e.plain.DetectContext(ctx, frag), text)
	if e.generic != nil {
		hits = append(hits, toHits(e.generic.DetectContext(ctx, frag), text)...)
	}
	hits = append(hits, e.scanLines(path, text)...)
	var out []hit
	for _, h := range hits {
		if h.startLine != h.endLine || h.startCol == 0 {
			continue
		}
		l := lines[h.startLine-1]
		if !l.named && (h.rule == genericRule || isExtraRule(h.rule)) {
			continue
		}
		shift := utf8.RuneCountInString(l.prefix)
		if h.startCol <= shift {
			continue // the secret would include the context's own words
		}
		kept := utf8.RuneCountInString(l.line[:l.off])
		h.startCol += kept - shift
		h.endCol += kept - shift
		// Some provider rules have no entropy floor: they trust their
		// keyword to be next to a real value. A context is further away,
		// so what it adds must not be a placeholder (apiKey: "000…0" in a
		// chart's test values).
		if secret := runesAt(l.line, h.startCol, h.endCol); isPlaceholder(secret) || entropy(secret) < 3 {
			continue
		}
		h.startLine, h.endLine = l.no, l.no
		h.marker = markerIn(l.line)
		if !holds(found, h) && !holds(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// runesAt returns the characters from..to (1-based, inclusive) of line.
func runesAt(line string, from, to int) string {
	n, start := 0, -1
	for i := range line {
		n++
		if n == from {
			start = i
		}
		if n == to+1 {
			return line[start:i]
		}
	}
	if start < 0 {
		return ""
	}
	return line[start:]
}

// holds reports whether hits has h's rule and secret on its line.
func holds(hits []hit, h hit) bool {
	for _, o := range hits {
		if o.fingerprint == h.fingerprint && o.startLine == h.startLine {
			return true
		}
	}
	return false
}
