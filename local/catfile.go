package local

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// catFile is one long-running `git cat-file --batch`: a request is a line
// naming an object, the answer a header and the object's content. Requests are
// serialised; the process is started on first use and restarted after a
// failure.
type catFile struct {
	repo *Repo

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
}

// object is what cat-file found.
type object struct {
	typ     string
	content []byte
}

// errMissing is cat-file's "missing" answer: no such object.
var errMissing = errors.New("missing")

func (c *catFile) start() error {
	cmd := c.repo.command(c.repo.ctx, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("failed to start git cat-file: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("failed to start git cat-file: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("failed to start git cat-file: %w", err)
	}
	c.cmd, c.stdin, c.stdout = cmd, in, bufio.NewReaderSize(out, 64<<10)
	return nil
}

// get reads one object by name ("<sha>", "<rev>:<path>", ":<path>").
func (c *catFile) get(name string) (object, error) {
	if strings.ContainsAny(name, "\n\x00") {
		return object{}, errors.New("a path with a newline cannot be read")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cmd == nil {
		if err := c.start(); err != nil {
			return object{}, err
		}
	}
	obj, err := c.request(name)
	if err != nil && !errors.Is(err, errMissing) {
		c.stop() // the stream may be out of step: never read a stale answer
	}
	return obj, err
}

func (c *catFile) request(name string) (object, error) {
	if _, err := io.WriteString(c.stdin, name+"\n"); err != nil {
		return object{}, fmt.Errorf("git cat-file stopped: %w", err)
	}
	header, err := c.stdout.ReadString('\n')
	if err != nil {
		return object{}, fmt.Errorf("git cat-file stopped: %w", err)
	}
	header = strings.TrimSuffix(header, "\n")
	if strings.HasSuffix(header, " missing") || strings.HasSuffix(header, " ambiguous") {
		return object{}, errMissing
	}
	f := strings.Fields(header)
	if len(f) != 3 {
		return object{}, errors.New("unexpected answer from git cat-file")
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return object{}, errors.New("unexpected object size from git cat-file")
	}
	buf := make([]byte, size+1) // the content and git's closing newline
	if _, err := io.ReadFull(c.stdout, buf); err != nil {
		return object{}, fmt.Errorf("git cat-file stopped: %w", err)
	}
	return object{typ: f[1], content: buf[:size]}, nil
}

func (c *catFile) stop() {
	if c.cmd == nil {
		return
	}
	_ = c.stdin.Close()
	_ = c.cmd.Process.Kill()
	_ = c.cmd.Wait()
	c.cmd = nil
}

func (c *catFile) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stop()
}

// batchCheck asks `git cat-file --batch-check` for the sizes of many objects
// at once; the answer maps each id to its size (missing ones are left out).
func (r *Repo) batchCheck(ctx context.Context, ids []string) (map[string]int64, error) {
	var in bytes.Buffer
	for _, id := range ids {
		in.WriteString(id)
		in.WriteByte('\n')
	}
	out, err := r.runInput(ctx, in.Bytes(), "cat-file", "--batch-check=%(objectname) %(objectsize)")
	if err != nil {
		return nil, err
	}
	sizes := make(map[string]int64, len(ids))
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		id, size, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if n, err := strconv.ParseInt(size, 10, 64); err == nil {
			sizes[id] = n
		}
	}
	return sizes, nil
}
