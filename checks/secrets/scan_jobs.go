package secrets

import (
	"context"
	"fmt"
	"hash/maphash"
	"sort"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// do scans one job: a piece of pull request text, the added lines of a file,
// or a whole file whose patch GitHub omitted.
func (s *scanner) do(ctx context.Context, j job) error {
	if j.file == nil {
		s.bytes.Add(int64(len(j.text)))
		hits := s.eng.scanText(ctx, "", j.text)
		s.record(j, "", hits)
		return nil
	}
	f := j.file
	added, keep := f.Added, j.commit == finalDiff
	if f.PatchMissing {
		bl, ok := s.src.(blobLiner)
		if !ok || f.Status != "added" || f.Additions == 0 || f.BlobSHA == "" {
			return s.doBlob(ctx, j)
		}
		// A file the source left out of the change set to save memory: its
		// lines are read now, and the memo keeps only their digest.
		var err error
		if added, err = bl.BlobLines(ctx, f.BlobSHA); err != nil {
			return fmt.Errorf("failed to read %s (blob %s): %w", f.Path, checks.ShortSHA(f.BlobSHA), err)
		}
		keep = false
	}
	var hits []hit
	for _, run := range checks.AddedRuns(added) {
		h, err := s.fragment(ctx, f.Path, run, keep)
		if err != nil {
			return err
		}
		hits = append(hits, h...)
	}
	s.record(j, f.Path, hits)
	return nil
}

// blobLiner is a Source that lists a blob's lines as a diff adding the file
// would: the local repository, whose final diff from the root of history
// holds no lines (local.ChangeSet). An added text file whose patch is
// missing is then scanned exactly as if the patch were there.
type blobLiner interface {
	BlobLines(ctx context.Context, sha string) ([]checks.Line, error)
}

// fragment scans one run of consecutive added lines; keep says the memo may
// keep the run's lines (see memoEntry).
func (s *scanner) fragment(ctx context.Context, path string, run []checks.Line, keep bool) ([]hit, error) {
	e, owner := s.runEntry(path, run, keep)
	if owner {
		fill(e, func() bool {
			raw := joinLines(run)
			s.bytes.Add(int64(len(raw)))
			e.hits = s.eng.scanText(ctx, path, raw)
			return true
		})
	} else {
		<-e.done
	}
	if e.failed {
		return nil, fmt.Errorf("internal error while scanning %s", path)
	}
	return shift(e.hits, run[0].No), nil
}

// fill runs the scan that fills a memo entry and then releases the
// goroutines waiting for it, marking the entry failed if the scan reported
// a failure or panicked.
func fill(e *memoEntry, scan func() (ok bool)) {
	ok := false
	defer func() {
		e.failed = !ok
		close(e.done)
	}()
	ok = scan()
}

// doBlob scans a whole file whose patch GitHub omitted, if it is text and
// not over the size cap.
func (s *scanner) doBlob(ctx context.Context, j job) error {
	f := j.file
	if f.Removed() || f.BlobSHA == "" {
		return nil
	}
	if s.src == nil {
		return fmt.Errorf("the change set has no source to read %s from", f.Path)
	}
	e, owner := s.blobEntry(blobKey{f.Path, f.BlobSHA})
	if owner {
		var err error
		fill(e, func() bool {
			var content []byte
			if content, err = s.src.Blob(ctx, f.BlobSHA); err != nil {
				return false
			}
			switch {
			case len(content) > s.maxBlobSize:
				e.skip = len(content)
			case isText(content):
				s.bytes.Add(int64(len(content)))
				e.hits = s.eng.scanText(ctx, f.Path, string(content))
			}
			return true
		})
		if err != nil {
			return fmt.Errorf("failed to read %s (blob %s): %w", f.Path, checks.ShortSHA(f.BlobSHA), err)
		}
	} else {
		<-e.done
	}
	switch {
	case e.failed:
		return fmt.Errorf("failed to read %s (blob %s)", f.Path, checks.ShortSHA(f.BlobSHA))
	case e.skip > 0:
		s.mu.Lock()
		s.skipped = append(s.skipped, skippedFile{path: f.Path, blob: f.BlobSHA, commit: j.commit, size: e.skip})
		s.mu.Unlock()
	}
	s.record(j, f.Path, e.hits)
	return nil
}

// runEntry returns the memo entry for a run of lines at path and whether
// the caller must fill it; keep is set for a run of the final diff.
func (s *scanner) runEntry(path string, run []checks.Line, keep bool) (*memoEntry, bool) {
	shape := runShape{path: path, lines: len(run)}
	for _, l := range run {
		shape.size += len(l.Text)
	}
	// A commit's run is digested before the lock, which the workers
	// share: a history's runs are nearly all new, and each needs its digest.
	var sum [2]uint64
	summed := false
	if !keep {
		sum, summed = s.digest(run), true
	}
	s.memoMu.Lock()
	defer s.memoMu.Unlock()
	for _, e := range s.runs[shape] {
		if e.run != nil {
			if sameText(e.run, run) {
				return e, false
			}
			continue
		}
		if !summed {
			sum, summed = s.digest(run), true
		}
		if e.sum == sum {
			return e, false
		}
	}
	e := &memoEntry{done: make(chan struct{})}
	if keep {
		e.run = run
	} else {
		e.sum = sum
	}
	s.runs[shape] = append(s.runs[shape], e)
	return e, true
}

// digest is the memo's digest of a run's text, lines ending in newlines.
func (s *scanner) digest(run []checks.Line) [2]uint64 {
	var sum [2]uint64
	for i, seed := range s.seeds {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, l := range run {
			h.WriteString(l.Text)
			h.WriteByte('\n')
		}
		sum[i] = h.Sum64()
	}
	return sum
}

// blobEntry is runEntry for a whole file.
func (s *scanner) blobEntry(key blobKey) (*memoEntry, bool) {
	s.memoMu.Lock()
	defer s.memoMu.Unlock()
	if e, ok := s.blobs[key]; ok {
		return e, false
	}
	e := &memoEntry{done: make(chan struct{})}
	s.blobs[key] = e
	return e, true
}

func sameText(a, b []checks.Line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

func (s *scanner) record(j job, path string, hits []hit) {
	if len(hits) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range hits {
		s.found = append(s.found, located{hit: h, where: j.where, path: path, commit: j.commit})
	}
}

// notScanned lists each skipped file once, at the final diff when it is
// there, else at the earliest commit that had it.
func (s *scanner) notScanned() []skippedFile {
	sort.Slice(s.skipped, func(i, j int) bool {
		a, b := s.skipped[i], s.skipped[j]
		if a.path != b.path {
			return a.path < b.path
		}
		if a.blob != b.blob {
			return a.blob < b.blob
		}
		return a.commit < b.commit
	})
	var out []skippedFile
	for _, f := range s.skipped {
		if n := len(out); n > 0 && out[n-1].path == f.path && out[n-1].blob == f.blob {
			continue
		}
		out = append(out, f)
	}
	return out
}
