package secrets

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/gatehouse-sec/gatehouse/checks"
	"golang.org/x/sync/errgroup"
)

// where says what text a hit was found in.
type where int

const (
	inFile where = iota
	inTitle
	inBody
	inMessage
)

// finalDiff is the commit index of the final diff and of the pull request's
// own text, which no single commit introduced.
const finalDiff = -1

// located is a hit and where it was found.
type located struct {
	hit
	where where
	path  string
	// commit indexes cs.Commits, or is finalDiff.
	commit int
}

// skippedFile is a file that was not scanned, and why.
type skippedFile struct {
	path   string
	blob   string
	commit int
	size   int
}

// job is one piece of work for the scan workers: a file of one commit or of
// the final diff, or a piece of the pull request's text.
type job struct {
	commit int
	file   *checks.File
	where  where
	text   string
}

// scanner scans a change set with one engine. Identical fragments (the same
// run of lines in the same path, seen in a commit and again in the final
// diff) and identical blobs are scanned once.
type scanner struct {
	eng         *engine
	src         checks.Source
	maxBlobSize int
	seeds       [2]maphash.Seed

	memoMu sync.Mutex
	runs   map[runShape][]*memoEntry
	blobs  map[blobKey]*memoEntry

	mu      sync.Mutex
	found   []located
	renames renames
	skipped []skippedFile
	bytes   atomic.Int64
}

func newScanner(eng *engine, src checks.Source, maxBlobSize int) *scanner {
	return &scanner{eng: eng, src: src, maxBlobSize: maxBlobSize,
		runs: map[runShape][]*memoEntry{}, blobs: map[blobKey]*memoEntry{},
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// runShape files runs of added lines for the memo by path and shape; runs
// of one shape are then told apart by their text.
type runShape struct {
	path        string
	lines, size int
}

// blobKey is a whole file: a blob scanned at a path (rules may depend on it).
type blobKey struct{ path, sha string }

type memoEntry struct {
	// A run of the final diff keeps its lines, which the change set holds
	// anyway, and is compared line by line. A run of a commit keeps only a
	// 128-bit digest of its text, so that the memo holds none of a long
	// history's lines. The digest is seeded anew for each scan: a change
	// cannot be crafted to collide with another run and hide a secret.
	run  []checks.Line
	sum  [2]uint64 // set when run is nil
	done chan struct{}
	hits []hit
	skip int // size of a blob not scanned because of the cap
	// failed is set when the scan that fills the entry did not finish, so
	// that the goroutines waiting for it do not take it for a clean result.
	failed bool
}

// scanChangeSet scans what the policy asks for with a bounded number of
// workers, fetching commit diffs with a smaller bound of its own.
func (s *scanner) scanChangeSet(ctx context.Context, cs *checks.ChangeSet, history bool, workers, fetchers int) error {
	g, gctx := errgroup.WithContext(ctx)
	// Buffered, so that handing over a job rarely wakes a sleeping goroutine.
	jobs := make(chan job, 64)
	g.Go(func() error {
		defer close(jobs)
		return s.produce(gctx, cs, history, fetchers, jobs)
	})
	for range max(workers, 1) {
		g.Go(func() error {
			for j := range jobs {
				if err := gctx.Err(); err != nil {
					return err
				}
				if err := s.safeDo(gctx, j); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// safeDo is do with a panic (in gitleaks, on some input) turned into an
// error: in a worker goroutine it would otherwise take the server down. The
// panic value is not echoed, since it may hold content of the change set.
func (s *scanner) safeDo(ctx context.Context, j job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			what := "the pull request's text"
			if j.file != nil {
				what = j.file.Path
			}
			err = fmt.Errorf("internal error while scanning %s", what)
		}
	}()
	return s.do(ctx, j)
}

func (s *scanner) produce(ctx context.Context, cs *checks.ChangeSet, history bool, fetchers int, jobs chan<- job) error {
	send := func(j job) error {
		select {
		case jobs <- j:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	texts := []job{{commit: finalDiff, where: inTitle, text: cs.Title}, {commit: finalDiff, where: inBody, text: cs.Body}}
	for i, c := range cs.Commits {
		texts = append(texts, job{commit: i, where: inMessage, text: c.Message})
	}
	for _, j := range texts {
		if err := send(j); err != nil {
			return err
		}
	}
	for i := range cs.Files {
		if err := send(job{commit: finalDiff, file: &cs.Files[i]}); err != nil {
			return err
		}
	}
	if !history || len(cs.Commits) == 0 {
		return nil
	}
	if cs.Source == nil {
		return errors.New("the change set has no source to read commit diffs from")
	}
	fg, fctx := errgroup.WithContext(ctx)
	fg.SetLimit(max(fetchers, 1))
	for i, c := range cs.Commits {
		fg.Go(func() error {
			files, err := cs.Source.CommitFiles(fctx, c.SHA)
			if err != nil {
				return fmt.Errorf("failed to read the files of commit %s: %w", checks.ShortSHA(c.SHA), err)
			}
			s.noteRenames(i, files)
			for k := range files {
				if err := send(job{commit: i, file: &files[k]}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return fg.Wait()
}
