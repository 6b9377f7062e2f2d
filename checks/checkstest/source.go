// Package checkstest offers an in-memory checks.Source for the engines' tests.
package checkstest

import (
	"context"
	"fmt"
	"sync"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// Source serves contents, commit diffs and sizes from maps, and counts calls.
type Source struct {
	mu sync.Mutex
	// Files maps ref → path → content.
	Files map[string]map[string]string
	// Commits maps a commit SHA to the files it changed.
	Commits map[string][]checks.File
	// Blobs maps a blob SHA to its content.
	Blobs map[string]string
	// Calls counts calls per method name.
	Calls map[string]int
	// Err, when set, is returned by every call.
	Err error
}

// New returns an empty Source.
func New() *Source {
	return &Source{Files: map[string]map[string]string{}, Commits: map[string][]checks.File{}, Blobs: map[string]string{}, Calls: map[string]int{}}
}

// Put stores content for path at ref.
func (s *Source) Put(ref, path, content string) *Source {
	if s.Files[ref] == nil {
		s.Files[ref] = map[string]string{}
	}
	s.Files[ref][path] = content
	return s
}

func (s *Source) count(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Calls[name]++
	return s.Err
}

// FileAt implements checks.Source.
func (s *Source) FileAt(_ context.Context, ref, path string) ([]byte, bool, error) {
	if err := s.count("FileAt"); err != nil {
		return nil, false, err
	}
	c, ok := s.Files[ref][path]
	return []byte(c), ok, nil
}

// CommitFiles implements checks.Source.
func (s *Source) CommitFiles(_ context.Context, sha string) ([]checks.File, error) {
	if err := s.count("CommitFiles"); err != nil {
		return nil, err
	}
	fs, ok := s.Commits[sha]
	if !ok {
		return nil, fmt.Errorf("no commit %s", sha)
	}
	return fs, nil
}

// Blob implements checks.Source.
func (s *Source) Blob(_ context.Context, sha string) ([]byte, error) {
	if err := s.count("Blob"); err != nil {
		return nil, err
	}
	b, ok := s.Blobs[sha]
	if !ok {
		return nil, fmt.Errorf("no blob %s", sha)
	}
	return []byte(b), nil
}

// Sizes implements checks.Source from Files.
func (s *Source) Sizes(_ context.Context, ref string) (map[string]int64, error) {
	if err := s.count("Sizes"); err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for p, c := range s.Files[ref] {
		out[p] = int64(len(c))
	}
	return out, nil
}

// AddedFile builds a changed file whose every line is added.
func AddedFile(path string, lines ...string) checks.File {
	f := checks.File{Path: path, Status: "added", Additions: len(lines)}
	for i, l := range lines {
		f.Added = append(f.Added, checks.Line{No: i + 1, Text: l})
	}
	return f
}
