package secrets

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/rs/zerolog"
)

// fakeSource is an in-memory checks.Source: commit diffs and blobs by SHA.
type fakeSource struct {
	commits map[string][]checks.File
	blobs   map[string][]byte
	// failCommit makes CommitFiles fail for that SHA; failBlob and
	// panicBlob make Blob fail or panic.
	failCommit          string
	failBlob, panicBlob bool

	mu    sync.Mutex
	calls map[string]int
}

func newFakeSource() *fakeSource {
	return &fakeSource{commits: map[string][]checks.File{}, blobs: map[string][]byte{}, calls: map[string]int{}}
}

func (s *fakeSource) count(call string) {
	s.mu.Lock()
	s.calls[call]++
	s.mu.Unlock()
}

func (s *fakeSource) FileAt(ctx context.Context, ref, path string) ([]byte, bool, error) {
	s.count("FileAt")
	return nil, false, nil
}

func (s *fakeSource) CommitFiles(ctx context.Context, sha string) ([]checks.File, error) {
	s.count("CommitFiles")
	if sha == s.failCommit {
		return nil, fmt.Errorf("commit %s: 502 bad gateway", sha)
	}
	files, ok := s.commits[sha]
	if !ok {
		return nil, fmt.Errorf("no commit %s", sha)
	}
	return files, nil
}

func (s *fakeSource) Blob(ctx context.Context, sha string) ([]byte, error) {
	s.count("Blob")
	if s.panicBlob {
		panic("blob reader bug")
	}
	if s.failBlob {
		return nil, fmt.Errorf("blob %s: 502 bad gateway", sha)
	}
	b, ok := s.blobs[sha]
	if !ok {
		return nil, fmt.Errorf("no blob %s", sha)
	}
	return b, nil
}

func (s *fakeSource) Sizes(ctx context.Context, ref string) (map[string]int64, error) {
	s.count("Sizes")
	return nil, nil
}

// added is a file the diff adds, with its lines numbered from 1.
func added(path, content string) checks.File {
	return addedAt(path, 1, content)
}

// addedAt is a modified file whose diff adds content starting at line first.
func addedAt(path string, first int, content string) checks.File {
	f := checks.File{Path: path, Status: "added"}
	if first > 1 {
		f.Status = "modified"
	}
	for i, l := range strings.Split(content, "\n") {
		f.Added = append(f.Added, checks.Line{No: first + i, Text: l})
	}
	f.Additions = len(f.Added)
	return f
}

// sha makes a 40-hex commit SHA from a short name.
func sha(name string) string {
	sum := sha1.Sum([]byte(name))
	return hex.EncodeToString(sum[:])
}

// policy is the default policy changed by fn.
func policy(fn func(p *config.Secrets)) *config.Policy {
	p := config.Default()
	if fn != nil {
		fn(&p.Secrets)
	}
	return p
}

var (
	checkOnce sync.Once
	shared    *Check
	sharedErr error
)

// newCheck returns one Check per test binary, as a server builds one per process.
func newCheck(t testing.TB) *Check {
	t.Helper()
	checkOnce.Do(func() { shared, sharedErr = New() })
	if sharedErr != nil {
		t.Fatalf("New: %v", sharedErr)
	}
	return shared
}

// run runs the check with a context whose logger writes to logs.
func run(t testing.TB, c *Check, cs *checks.ChangeSet, p *config.Policy, logs *bytes.Buffer) (*checks.Result, error) {
	t.Helper()
	var w bytes.Buffer
	if logs == nil {
		logs = &w
	}
	ctx := zerolog.New(logs).Level(zerolog.TraceLevel).WithContext(context.Background())
	return c.Run(ctx, cs, p)
}

// mustRun runs the check and fails the test on error.
func mustRun(t testing.TB, cs *checks.ChangeSet, p *config.Policy) *checks.Result {
	t.Helper()
	res, err := run(t, newCheck(t), cs, p, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

// finalOnly is a change set of one commit whose diff is the final diff.
func finalOnly(files ...checks.File) *checks.ChangeSet {
	src := newFakeSource()
	src.commits[sha("c1")] = files
	return &checks.ChangeSet{
		Repo: "acme/app", Number: 7, Title: "Add feature", Body: "Adds the feature.",
		HeadSHA: sha("c1"), Files: files,
		Commits: []checks.Commit{{SHA: sha("c1"), Message: "add feature"}},
		Source:  src,
	}
}

// blocking returns the blocking findings of a result.
func blocking(res *checks.Result) []checks.Finding { return res.Blocking() }

// findingsAt returns the findings at path:line.
func findingsAt(res *checks.Result, path string, line int) []checks.Finding {
	var out []checks.Finding
	for _, f := range res.Findings {
		if f.Path == path && f.StartLine == line {
			out = append(out, f)
		}
	}
	return out
}

func describe(fs []checks.Finding) string {
	b, _ := json.MarshalIndent(fs, "", "  ")
	return string(b)
}
