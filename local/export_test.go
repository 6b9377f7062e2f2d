package local

// SetReadAhead sets the read-ahead budget of r's commit streams, in bytes
// of patch text; call it before ChangeSet.
func SetReadAhead(r *Repo, budget int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flow.budget = budget
}

// OnReadAheadStall makes r call stalled each time a commit stream stops
// because the read-ahead is full; call it before ChangeSet. stalled runs
// with the repository's lock held and must not block.
func OnReadAheadStall(r *Repo, stalled func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flow.stalled = stalled
}

// SetKeptPatches sets how many bytes of a range's final diff keep their
// lines before added text files are read when scanned; call it before
// ChangeSet.
func SetKeptPatches(r *Repo, n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keepPatches = n
}
