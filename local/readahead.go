package local

import (
	"context"
	"sync"
	"unsafe"

	"github.com/gatehouse-sec/gatehouse/checks"
)

// maxReadAhead bounds the diffs (patch text and added lines) of commits git
// has printed and no check has taken yet. git reads history several times
// faster than the secrets check scans it; without a bound, a scan of a long
// history would hold every commit's diff at once. 8 MiB keeps git a few
// commits ahead of the checks and a real history's peak memory low: 64 MiB
// cost gitleaks/gitleaks' history 50-70 MB more peak RSS for no less CPU
// (bench/scan-real-history.sh).
const maxReadAhead = 8 << 20

// readAhead is the state the commit streams share with CommitFiles' callers.
// Its fields are guarded by Repo.mu, which cond waits on.
type readAhead struct {
	cond    *sync.Cond
	budget  int64
	pending int64 // patch bytes of resolved entries not yet taken
	// stalled, when set (by tests), is called each time a stream stops
	// to wait for room, with Repo.mu held.
	stalled func()
}

func (r *Repo) initReadAhead() {
	r.flow = readAhead{cond: sync.NewCond(&r.mu), budget: maxReadAhead}
	context.AfterFunc(r.ctx, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.flow.cond.Broadcast()
	})
}

// lineSize is what one added line costs besides its text, which is part of
// the patch's.
const lineSize = int64(unsafe.Sizeof(checks.Line{}))

// resolveCommit counts a commit's diff in the read-ahead and releases the
// callers waiting for it. A diff's size is its patch text and its added
// lines' records: these are a third again as much as the text of -U0 lines
// that add code, and with deleted files' lines left out
// (--irreversible-delete) counting the text alone let the read-ahead hold
// more (gitleaks/gitleaks' history: 10 MB more peak RSS).
func (r *Repo) resolveCommit(e *commitEntry) {
	var size int64
	for _, f := range e.files {
		size += int64(len(f.Patch)) + int64(cap(f.Added))*lineSize
	}
	r.mu.Lock()
	e.size = size
	r.flow.pending += size
	r.mu.Unlock()
	close(e.done)
}

// take removes a resolved entry (never one still being read) from the memo
// and from the read-ahead, and wakes a stream that waits for room. Called
// with r.mu held.
func (r *Repo) take(sha string, e *commitEntry) {
	if r.commits[sha] == e {
		delete(r.commits, sha)
	}
	if !e.taken {
		e.taken = true
		r.flow.pending -= e.size
		r.flow.cond.Broadcast()
	}
}

// throttle holds a commit stream while the read-ahead is over its budget.
// A caller waiting for one of the stream's commits not yet read lets it go
// on, as does closing the repository: a stream can never keep a caller
// waiting for a commit behind the ones nobody takes, and the other stream
// stays held meanwhile.
func (r *Repo) throttle(s *commitStream) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.flow.pending > r.flow.budget && s.waiting == 0 && r.ctx.Err() == nil {
		if r.flow.stalled != nil {
			r.flow.stalled()
		}
		r.flow.cond.Wait()
	}
}

// readCount is how many of a range's commits the streams have read, of how
// many.
type readCount struct{ read, total int }

// countRead counts one more commit read and tells the progress function,
// one call at a time, although two streams read: a slow progress function
// holds both (the command line's only prints).
func (r *Repo) countRead() {
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.mu.Lock()
	r.readCount.read++
	c := r.readCount
	r.mu.Unlock()
	if r.progress != nil {
		r.progress(c.read, c.total)
	}
}

// isDone reports whether ch is closed.
func isDone(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
