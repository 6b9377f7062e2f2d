package audit

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The audit file holds one JSON record per line:
//
//	{"seq":N,"time":"RFC3339Nano","prev":"<hex SHA-256>","event":{...}}
//
// seq counts from 1 without gaps; prev is the SHA-256 of the previous
// line's bytes (without its newline), or zeroHash for the first record.
// The head file, FILE+HeadSuffix, holds {"seq":N,"hash":"<hex>"} for the
// last record, replaced atomically after each append: without it an edit
// of the very last record, or the removal of the last records, cannot be
// told from an untouched file, because no later record links to them.

// HeadSuffix is appended to an audit file's path to name its head file.
const HeadSuffix = ".head"

// zeroHash is the prev of the first record.
var zeroHash = strings.Repeat("0", 64)

// maxLine bounds one record, so that a corrupted file cannot exhaust memory.
const maxLine = 1 << 20

type lineOut struct {
	Seq   int    `json:"seq"`
	Time  string `json:"time"`
	Prev  string `json:"prev"`
	Event Event  `json:"event"`
}

type lineIn struct {
	Seq   *int            `json:"seq"`
	Time  string          `json:"time"`
	Prev  string          `json:"prev"`
	Event json.RawMessage `json:"event"`
}

type head struct {
	Seq  int    `json:"seq"`
	Hash string `json:"hash"`
}

func hashLine(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// parsed is one line of the file as Verify sees it.
type parsed struct {
	line int
	seq  int
	prev string
	hash string
	bad  string // why the line is not a record; "" when it is one
}

func parseLine(no int, b []byte, terminated bool) parsed {
	p := parsed{line: no, hash: hashLine(b)}
	var in lineIn
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	switch {
	case len(b) > maxLine:
		p.bad = "it is longer than any audit record"
	case !terminated && json.Valid(b):
		p.bad = "it is not terminated by a newline: the file was truncated or written to by something else"
	case !terminated:
		p.bad = "it is cut short: the file was truncated"
	case dec.Decode(&in) != nil || dec.More():
		p.bad = "it is not a valid audit record"
	case in.Seq == nil || *in.Seq < 1 || !isHash(in.Prev) || len(in.Event) == 0:
		p.bad = "it lacks a valid seq, prev or event"
	default:
		p.seq, p.prev = *in.Seq, in.Prev
	}
	return p
}

// lineReader yields the file's lines with whether each ended in a newline.
type lineReader struct {
	r *bufio.Reader
}

func (lr lineReader) next() (line []byte, terminated bool, err error) {
	var buf []byte
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if len(buf)+len(chunk) <= maxLine+1 {
			buf = append(buf, chunk...)
		} else if len(buf) <= maxLine {
			buf = append(buf, chunk[:maxLine+1-len(buf)]...)
		}
		switch {
		case err == nil:
			return bytes.TrimSuffix(buf, []byte("\n")), true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(buf) > 0:
			return buf, false, nil
		default:
			return nil, false, err
		}
	}
}

// readHead reads path's head file; a missing one is (nil, nil).
func readHead(path string) (*head, error) {
	b, err := os.ReadFile(path + HeadSuffix)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", path+HeadSuffix, err)
	}
	var h head
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil || h.Seq < 1 || !isHash(h.Hash) {
		return nil, &TamperError{Kind: Edited, Why: "it does not hold a valid seq and hash"}
	}
	return &h, nil
}

// writeHead replaces path's head file atomically: a reader sees the old
// head or the new one, never a partial one.
func writeHead(path string, h head, sync bool) error {
	b, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("failed to encode the audit head: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+HeadSuffix+".*")
	if err != nil {
		return fmt.Errorf("failed to write the audit head: %w", err)
	}
	_, err = tmp.Write(append(b, '\n'))
	if err == nil && sync {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path+HeadSuffix)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("failed to write the audit head: %w", err)
	}
	return nil
}
