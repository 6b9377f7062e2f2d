package local

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxCommitDiff bounds one commit's diff as git prints it.
const maxCommitDiff = 1 << 30

// streamLog runs one `git log --no-walk --stdin` over the commits with the
// given diff arguments, merges diffed as --diff-merges=merges says, and
// hands each commit's output to handle as git prints it: body reads up to
// the next commit, so that no commit's diff is ever held whole in a buffer
// of its own (a merge's diff against its first parent can be tens of
// megabytes). What handle leaves unread is skipped. An
// error from handle stops git and is returned.
func (r *Repo) streamLog(shas []string, merges string, diff []string, handle func(sha string, body io.Reader) error) error {
	nonce, err := newNonce()
	if err != nil {
		return err
	}
	marker := "\x00GH" + nonce + "\x00"
	args := append([]string{
		"log", "--no-walk=unsorted", "--stdin", "--root", "--diff-merges=" + merges,
		"--no-show-signature", "--no-notes", "--format=tformat:%x00GH" + nonce + "%x00%H",
	}, diff...)
	cmd := r.command(r.ctx, args...)
	cmd.Stdin = strings.NewReader(strings.Join(shas, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("failed to start git log: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("failed to start git log: %w", err)
	}
	// git's exit status is known only once its output has ended, which is
	// inside the last commit's record: that record's reader reports a
	// failed git as its read error, so the last commit of a stream cut short
	// (git killed, an unreadable object) is an error, never a shorter diff.
	waited := false
	var waitErr error
	wait := func() error {
		waited, waitErr = true, cmd.Wait()
		if waitErr != nil && r.ctx.Err() == nil {
			return &GitError{Args: []string{"log", "--stdin"}, Stderr: firstLine(stderr.String()), Err: waitErr}
		}
		return nil
	}
	readErr, handleErr := readRecords(bufio.NewReaderSize(stdout, 64<<10), []byte(marker), wait, handle)
	if !waited {
		if readErr != nil || handleErr != nil {
			_ = cmd.Process.Kill()
		}
		waitErr = cmd.Wait()
	}
	switch {
	case r.ctx.Err() != nil:
		return errors.New("the repository was closed")
	case readErr != nil:
		return fmt.Errorf("failed to read git log: %w", readErr)
	case handleErr != nil:
		return handleErr
	case waitErr != nil:
		return &GitError{Args: []string{"log", "--stdin"}, Stderr: firstLine(stderr.String()), Err: waitErr}
	}
	return nil
}

// readRecords splits git's output at each marker into records of a commit
// id, a NUL and the commit's diff, and hands each to handle. atEnd runs when
// the output ends; its error becomes the read error of the record being read.
func readRecords(br *bufio.Reader, marker []byte, atEnd func() error, handle func(sha string, body io.Reader) error) (readErr, handleErr error) {
	rec := &recordReader{br: br, marker: marker, atEnd: atEnd}
	// The text before the first marker is empty.
	if n, err := io.Copy(io.Discard, rec); err != nil {
		return err, nil
	} else if n > 0 {
		return nil, errors.New("git log printed a commit without its id")
	}
	for !rec.atEOF {
		id, err := br.ReadSlice(0)
		if err != nil || len(id) > 65 {
			return nil, errors.New("git log printed a commit without its id")
		}
		*rec = recordReader{br: br, marker: marker, atEnd: atEnd}
		if handleErr = handle(string(id[:len(id)-1]), rec); handleErr != nil {
			return nil, handleErr
		}
		if _, err := io.Copy(io.Discard, rec); err != nil {
			return err, nil
		}
	}
	return nil, nil
}

// errCommitTooLarge is a commit whose diff exceeds maxCommitDiff.
var errCommitTooLarge = fmt.Errorf("a commit's diff is over %d MiB", maxCommitDiff>>20)

// recordReader reads from br up to the next marker, which it consumes, or
// to the end of the stream (atEOF).
type recordReader struct {
	br     *bufio.Reader
	marker []byte
	read   int64
	ended  bool
	atEOF  bool
	// atEnd runs once, at the end of the stream; an error from it is
	// returned in place of io.EOF, from then on.
	atEnd  func() error
	endErr error
}

func (r *recordReader) Read(p []byte) (int, error) {
	if r.endErr != nil {
		return 0, r.endErr
	}
	if r.ended {
		return 0, io.EOF
	}
	// What is buffered may already hold the end of the record: then the
	// record ends without waiting for git to print more.
	data, _ := r.br.Peek(r.br.Buffered())
	i := bytes.Index(data, r.marker)
	var err error
	if i < 0 {
		data, err = r.br.Peek(r.br.Size())
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		i = bytes.Index(data, r.marker)
	}
	avail := data
	switch {
	case i >= 0:
		avail = data[:i]
	case err == nil:
		// The end of the buffer may hold the start of a marker.
		avail = data[:len(data)-len(r.marker)+1]
	}
	n := copy(p, avail)
	_, _ = r.br.Discard(n)
	if r.read += int64(n); r.read > maxCommitDiff {
		return n, errCommitTooLarge
	}
	if i >= 0 && n == i { // at the marker
		_, _ = r.br.Discard(len(r.marker))
		r.ended = true
	} else if i < 0 && err != nil && n == len(data) { // at the end of the stream
		r.ended, r.atEOF = true, true
		if r.atEnd != nil {
			if r.endErr = r.atEnd(); r.endErr != nil {
				return n, r.endErr
			}
		}
	}
	if n == 0 && r.ended {
		return 0, io.EOF
	}
	return n, nil
}

// newNonce returns the random part of a record separator. File contents
// cannot forge it, so it splits git's stream into commits whatever the diffs hold.
func newNonce() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("failed to make a record separator: %w", err)
	}
	return hex.EncodeToString(b), nil
}
