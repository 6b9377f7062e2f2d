package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// Kinds of tampering a TamperError reports.
const (
	Edited    = "edited"
	Removed   = "removed"
	Inserted  = "inserted"
	Reordered = "reordered"
)

// TamperError describes the first bad record of an audit file.
type TamperError struct {
	// Line is the 1-based line of the record (for a removal, where the
	// missing record should be); 0 when the head file itself is bad.
	Line int
	// Seq is the record's sequence number (for a removal or an edited seq,
	// the one expected there); 0 when the head file itself is bad.
	Seq int
	// Kind is Edited, Removed, Inserted or Reordered.
	Kind string
	// Why says what gave it away.
	Why string
}

func (e *TamperError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("head file was %s: %s", e.Kind, e.Why)
	}
	return fmt.Sprintf("line %d: record seq %d was %s: %s", e.Line, e.Seq, e.Kind, e.Why)
}

// Verify checks the chain of an audit file read from r. It returns how many
// records come before the first bad one (all of them when err is nil)
// and a *TamperError describing the first bad record, or an I/O error.
// Without the head file, an edit of the last record and the removal of the
// last records cannot be detected: use VerifyFile where the head file is
// available.
func Verify(r io.Reader) (records int, err error) {
	st, err := scan(r, nil)
	return intact(st, err), err
}

// VerifyFile verifies the audit file at path, and its head file
// (path+HeadSuffix) when there is one, which also catches an edited last
// record, a truncation at a line boundary and records appended behind the
// logger's back.
func VerifyFile(path string) (records int, err error) {
	h, err := readHead(path)
	if err != nil {
		return 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("failed to open audit file: %w", err)
	}
	defer f.Close()
	st, err := scan(f, h)
	if err == nil {
		if terr := checkHead(st, h); terr != nil {
			err = terr
		}
	}
	return intact(st, err), err
}

// intact counts the records before the first bad one: a link breaks one
// line after an edited record, so the scan's own count can be one too many.
func intact(st chainState, err error) int {
	var te *TamperError
	if errors.As(err, &te) {
		return min(st.records, max(te.Line-1, 0))
	}
	return st.records
}

// chainState is what a scan learned about the intact prefix of a file.
type chainState struct {
	records  int
	lastSeq  int
	lastHash string // zeroHash for an empty file
	prevHash string // hash of the record before the last (zeroHash if none)
	bytes    int64
}

// scan walks the chain keeping only the last record, so an intact file
// of any size verifies in constant memory. At the first broken link it
// reads the rest of the file, which classify needs to tell a removal from a
// reordering or an insertion.
func scan(r io.Reader, hint *head) (chainState, error) {
	st := chainState{lastHash: zeroHash, prevHash: zeroHash}
	lr := lineReader{r: bufio.NewReaderSize(r, 64<<10)}
	var last *parsed // the last record of the intact prefix
	for no := 1; ; no++ {
		b, terminated, err := lr.next()
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			return st, fmt.Errorf("failed to read audit file: %w", err)
		}
		p := parseLine(no, b, terminated)
		if p.bad == "" && p.seq == st.lastSeq+1 && p.prev == st.lastHash {
			last = &p
			st.records++
			st.lastSeq, st.prevHash, st.lastHash = p.seq, st.lastHash, p.hash
			st.bytes += int64(len(b)) + 1
			continue
		}
		rest, err := readRest(lr, no+1)
		if err != nil {
			return st, err
		}
		return st, classify(last, append([]parsed{p}, rest...), hint)
	}
}

func readRest(lr lineReader, from int) ([]parsed, error) {
	var rest []parsed
	for no := from; ; no++ {
		b, terminated, err := lr.next()
		if errors.Is(err, io.EOF) {
			return rest, nil
		}
		if err != nil {
			return nil, fmt.Errorf("failed to read audit file: %w", err)
		}
		rest = append(rest, parseLine(no, b, terminated))
	}
}

// checkHead compares an intact chain with the head file written after its
// last append.
func checkHead(st chainState, h *head) *TamperError {
	switch {
	case h == nil || (h.Seq == st.lastSeq && h.Hash == st.lastHash):
		return nil
	case h.Seq == st.lastSeq:
		return &TamperError{Line: st.records, Seq: st.lastSeq, Kind: Edited,
			Why: "it no longer matches the hash in the head file"}
	case h.Seq > st.lastSeq:
		why := fmt.Sprintf("the file ends at seq %d but the head file records seq %d: the end of the file was cut off", st.lastSeq, h.Seq)
		if st.records == 0 {
			why = fmt.Sprintf("the file is empty but the head file records seq %d", h.Seq)
		}
		return &TamperError{Line: st.records + 1, Seq: st.lastSeq + 1, Kind: Removed, Why: why}
	default:
		return &TamperError{Line: st.records - (st.lastSeq - h.Seq) + 1, Seq: h.Seq + 1, Kind: Inserted,
			Why: fmt.Sprintf("the head file records seq %d as the last: records were appended behind the logger's back (or it stopped between an append and the head update)", h.Seq)}
	}
}
