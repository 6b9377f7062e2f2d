package local

// SetReadAhead sets the read-ahead budget of r's commit streams, in bytes
// of patch text; call it before ChangeSet.
func SetReadAhead(r *Repo, budget int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flow.budget = budget
}
