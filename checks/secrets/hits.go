package secrets

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// decodeTag starts the tag gitleaks gives a finding in decoded text.
const decodeTag = "decode-depth:"

// Inline markers that waive a finding on their line.
const (
	markerGatehouse = "gatehouse:allow"
	markerGitleaks  = "gitleaks:allow"
)

// hit is one secret found in one piece of text. It holds no secret value:
// only its fingerprint and masked preview.
type hit struct {
	rule        string
	description string
	fingerprint string
	preview     string
	// startLine and endLine are 1-based lines of the scanned text; startCol
	// and endCol 1-based character columns of the secret, 0 when it spans lines.
	startLine, endLine int
	startCol, endCol   int
	// marker is the inline allow marker found on the finding's lines, if any.
	marker string
	// encoding names what gitleaks decoded to find the secret (base64, hex,
	// percent, unicode escapes); "" when it is in the text as written.
	encoding string
	// aliases are the fingerprints of other rules' hits on the same secret
	// (see onePerSecret).
	aliases []string
	// size is the secret's length in bytes, which tells apart secrets
	// decoded from one encoded text (they share its columns).
	size int
}

// scanText runs the detectors on one fragment whose first line is line 1
// and returns its hits with gitleaks' location quirks corrected.
func (e *engine) scanText(ctx context.Context, path, raw string) []hit {
	if raw == "" {
		return nil
	}
	hits := dropGenericOverlaps(e.gitleaksHits(ctx, path, raw), e.scanLines(path, raw))
	return onePerSecret(append(hits, e.contextHits(ctx, path, raw, hits)...))
}

// gitleaksHits runs gitleaks' rules and the policy's on a fragment, with
// gitleaks' findings: where the text may hold something to decode, those of
// its decoding passes (decodeScan), and those of its first pass over the
// text (the rules that do not decode, the gated rules where they may match,
// the generic rule on its windows), filtered together as gitleaks filters
// one call's findings.
func (e *engine) gitleaksHits(ctx context.Context, path, raw string) []hit {
	// Detect with StartLine: DetectString would report 0-based lines.
	frag := detect.Fragment{Raw: raw, FilePath: path, StartLine: 1}
	if e.decode == nil {
		return toHits(e.full().DetectContext(ctx, frag), raw)
	}
	var found []placed
	if mayDecode(raw) {
		decoded, ok := e.decode.findings(ctx, path, raw)
		if !ok {
			return toHits(e.decodingDetect(ctx, frag), raw)
		}
		found = decoded
	}
	add := func(fs []report.Finding, first int) {
		for _, f := range fs {
			found = append(found, placed{f, first})
		}
	}
	// A fold trap (ſ) may spell a keyword on a line that lower-casing
	// does not show, as for the generic rule below: the semi-generic
	// rules then run on the whole fragment.
	var aside []uint64
	if !hasFoldTrap(raw) {
		aside = e.semiGenericMask
	}
	first, semiGeneric, probed := e.first.detect(ctx, frag, aside)
	add(first, 1)
	for _, i := range semiGeneric {
		r := e.semiGeneric[i]
		for _, w := range genericWindows(raw, r.keywords) {
			add(r.detector.DetectContext(ctx, detect.Fragment{Raw: w.text, FilePath: path, StartLine: w.first}), w.first)
		}
	}
	if !probed {
		// No line holds a keyword of the generic rule: it has no window.
		return hitsOf(found, raw)
	}
	if e.generic != nil && strings.ContainsRune(raw, '\u017f') {
		// The long s spells the generic rule's keywords for its
		// case-insensitive pattern but not for the lower-cased keyword
		// test that places the windows: where a keyword is anywhere in
		// the fragment, gitleaks runs the rule over all of it.
		add(e.generic.DetectContext(ctx, frag), 1)
		return hitsOf(found, raw)
	}
	for _, w := range genericWindows(raw, e.genericKeywords) {
		if e.genericGate != nil && !e.genericGate(w.text) {
			continue
		}
		add(e.windowed.DetectContext(ctx, detect.Fragment{Raw: w.text, FilePath: path, StartLine: w.first}), w.first)
	}
	return hitsOf(found, raw)
}

// decodingDetect finds what the detector of all the rules, decoding, finds
// in frag, with only the rules that may find something in its text or in
// the text of one of its decoding passes: gitleaks runs every rule whose
// keyword a pass's text holds over that text (on gitleaks/gitleaks'
// history, 190 kB of such fragments cost 0.16 s, about 20 times the first
// pass's cost per byte; 0.12 s with this selection).
func (e *engine) decodingDetect(ctx context.Context, frag detect.Fragment) []report.Finding {
	chosen, some := e.decoding.selectedIn(append([]string{frag.Raw}, decodedTexts(frag.Raw)...))
	if !some {
		return nil
	}
	return e.decoding.detector(chosen).DetectContext(ctx, frag)
}

// hitsOf filters the findings of several calls on raw as gitleaks filters
// one call's, and turns them into hits.
func hitsOf(found []placed, raw string) []hit {
	var hits []hit
	for _, l := range preferSpecific(found) {
		if h, ok := toHit(l.f, raw, l.first); ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// toHits turns the findings of one call on the whole of raw into hits.
func toHits(found []report.Finding, raw string) []hit {
	var hits []hit
	for _, f := range found {
		if h, ok := toHit(f, raw, 1); ok {
			hits = append(hits, h)
		}
	}
	return hits
}

// toHit turns a gitleaks finding on raw, from a call whose text started on
// line first, into a hit.
func toHit(f report.Finding, raw string, first int) (hit, bool) {
	if f.Secret == "" {
		return hit{}, false
	}
	if f.RuleID == genericRule && !realGeneric(f.Secret, nthLine(raw, f.StartLine-1)) || isKnownExample(f.Secret, f.File) {
		return hit{}, false
	}
	h := hit{
		rule:        f.RuleID,
		description: f.Description,
		fingerprint: Fingerprint(f.RuleID, f.Secret),
		preview:     Mask(f.Secret),
		startLine:   f.StartLine,
		encoding:    encodingOf(f),
		size:        len(f.Secret),
	}
	h.endLine = endLine(f.StartLine, f.EndLine, f.Match, h.encoding != "")
	if at := strings.Index(f.Match, f.Secret); h.encoding == "" && at >= 0 && strings.Contains(f.Match[:at], "\n") {
		// The rule matched lines above the secret (curl's options, a
		// Kubernetes Secret's header): the finding belongs on the secret's own
		// lines, which the match's text locates exactly.
		before := f.Match[:at]
		h.startLine += strings.Count(before, "\n")
		h.endLine = h.startLine + strings.Count(f.Secret, "\n")
		if h.startLine == h.endLine {
			line := nthLine(raw, h.startLine-1)
			col := at - strings.LastIndexByte(before, '\n') - 1
			if col+len(f.Secret) <= len(line) && line[col:col+len(f.Secret)] == f.Secret {
				h.startCol = utf8.RuneCountInString(line[:col]) + 1
				h.endCol = utf8.RuneCountInString(line[:col+len(f.Secret)])
			}
		}
	} else if h.startLine == h.endLine && h.encoding != "" {
		h.startCol, h.endCol = encodedColumns(nthLine(raw, h.startLine-1), f.StartColumn, f.EndColumn, h.startLine > first)
	} else if h.startLine == h.endLine {
		h.startCol, h.endCol = secretColumns(nthLine(raw, h.startLine-1), f.StartColumn, f.Match, f.Secret, h.startLine > first)
	}
	// Not f.Line: on a fragment's last line gitleaks' Line starts at the
	// fragment's first line, so it would carry other lines' markers.
	h.marker = markerIn(lineRange(raw, h.startLine-1, h.endLine-1))
	return h, true
}

// secretColumns turns gitleaks' byte column of the match into 1-based
// character columns of the secret itself. gitleaks counts the newline before
// a line into its columns, so they are one too high on every line but the
// fragment's first; and a match whose regex consumed the preceding newline
// starts on that newline. The secret is looked for where gitleaks says, then
// anywhere in the line; a decoded secret (base64, hex) is not in the line as
// such and gets no columns.
func secretColumns(line string, matchCol int, match, secret string, afterFirst bool) (int, int) {
	at := matchCol - 1 // 0-based byte offset of the match
	if afterFirst {
		at--
	}
	s := -1
	if i := strings.Index(match, secret); i >= 0 && at >= 0 && strings.HasPrefix(line[min(at+i, len(line)):], secret) {
		s = at + i
	} else if i := strings.Index(line[min(max(at, 0), len(line)):], secret); i >= 0 {
		s = max(at, 0) + i
	} else {
		s = strings.Index(line, secret)
	}
	if s < 0 {
		return 0, 0
	}
	return utf8.RuneCountInString(line[:s]) + 1, utf8.RuneCountInString(line[:s+len(secret)])
}

// encodedColumns turns gitleaks' byte columns of the encoded text a decoded
// secret was found in (inclusive, one too high after the fragment's first
// line, as in secretColumns) into 1-based character columns of that text, or
// 0, 0 when they do not lie on the line.
func encodedColumns(line string, startCol, endCol int, afterFirst bool) (int, int) {
	from, to := startCol-1, endCol-1 // 0-based, inclusive
	if afterFirst {
		from, to = from-1, to-1
	}
	if from < 0 || to < from || to >= len(line) {
		return 0, 0
	}
	return utf8.RuneCountInString(line[:from]) + 1, utf8.RuneCountInString(line[:to+1])
}

// endLine corrects gitleaks' end line, which stays on the start line when
// the match ends on a fragment's last line and that line has no newline. A
// decoded match's text is not the scanned text, so its end line is kept.
func endLine(start, end int, match string, decoded bool) int {
	if decoded {
		return max(start, end)
	}
	return start + strings.Count(match, "\n")
}

// lineRange returns the 0-based lines from..to of s.
func lineRange(s string, from, to int) string {
	for ; from > 0; from, to = from-1, to-1 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
	end := 0
	for ; to >= 0; to-- {
		i := strings.IndexByte(s[end:], '\n')
		if i < 0 {
			return s
		}
		end += i + 1
	}
	return s[:end-1]
}

// nthLine returns the 0-based n-th line of s.
func nthLine(s string, n int) string { return lineRange(s, n, n) }

func markerIn(lines string) string {
	switch {
	case strings.Contains(lines, markerGatehouse):
		return markerGatehouse
	case strings.Contains(lines, markerGitleaks):
		return markerGitleaks
	}
	return ""
}

// shift moves hits scanned from line 1 to where their text starts.
func shift(hits []hit, firstLine int) []hit {
	out := make([]hit, len(hits))
	for i, h := range hits {
		h.startLine += firstLine - 1
		h.endLine += firstLine - 1
		out[i] = h
	}
	return out
}
