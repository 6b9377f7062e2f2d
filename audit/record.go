package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/rs/zerolog"
)

// Record logs e through zerolog.Ctx(ctx) at info level, with audit: true,
// audit_event and e's fields (the context's logger already carries the
// delivery, repository and pull request keys; e's own copies are logged as
// delivery, repo and pr), and appends it to the audit file when there is
// one, adding audit_seq and audit_hash to the log line so that shipped logs
// can vouch for the file. A failed append is logged and counted, never
// returned: auditing must not fail an evaluation.
func (l *Logger) Record(ctx context.Context, e Event) {
	if e.Replica == "" {
		e.Replica = l.replica
	}
	e = sanitize(e)
	log := zerolog.Ctx(ctx)
	if log.GetLevel() == zerolog.Disabled {
		log = &l.log
	}
	var (
		seq  int
		hash string
		werr error
	)
	l.metrics.event(e.Kind)
	if l.path != "" {
		seq, hash, werr = l.append(e)
	}
	ev := log.Info().Bool("audit", true).Str("audit_event", e.Kind)
	for _, f := range []struct{ k, v string }{{"delivery", e.Delivery}, {"repo", e.Repo}, {"sha", e.SHA},
		{"actor", e.Actor}, {"outcome", e.Outcome}, {"reason", e.Reason}, {"replica", e.Replica}} {
		if f.v != "" {
			ev = ev.Str(f.k, f.v)
		}
	}
	if e.PR != 0 {
		ev = ev.Int("pr", e.PR)
	}
	if len(e.Details) > 0 {
		ev = ev.Dict("details", detailsDict(e.Details))
	}
	if hash != "" {
		ev = ev.Int("audit_seq", seq).Str("audit_hash", hash)
	}
	ev.Msg("audit: " + e.Kind)
	if werr != nil {
		l.metrics.failures.Inc()
		log.Error().Err(werr).Str("audit_event", e.Kind).Msg("failed to append to the audit file; the event is only in this log")
	}
}

func detailsDict(d map[string]string) *zerolog.Event {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	dict := zerolog.Dict()
	for _, k := range keys {
		dict = dict.Str(k, d[k])
	}
	return dict
}

// append writes one record and then the head. A write that fails is undone
// by truncating back to the last intact record; if even that fails, the
// file is left alone from then on, so that the chain stays verifiable up
// to the failure.
func (l *Logger) append(e Event) (int, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.broken != nil {
		return 0, "", fmt.Errorf("audit file is not writable: %w", l.broken)
	}
	b, err := json.Marshal(lineOut{Seq: l.seq + 1, Time: time.Now().UTC().Format(time.RFC3339Nano), Prev: l.prev, Event: e})
	if err != nil {
		return 0, "", fmt.Errorf("failed to encode audit record: %w", err)
	}
	hash := hashLine(b)
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		if terr := l.f.Truncate(l.size); terr != nil {
			l.broken = errors.Join(err, terr)
		}
		return 0, "", fmt.Errorf("failed to append audit record %d: %w", l.seq+1, err)
	}
	l.size += int64(len(b)) + 1
	l.seq, l.prev = l.seq+1, hash
	if l.sync {
		if err := l.f.Sync(); err != nil {
			return l.seq, hash, fmt.Errorf("failed to sync audit record %d: %w", l.seq, err)
		}
	}
	if err := writeHead(l.path, head{Seq: l.seq, Hash: hash}, l.sync); err != nil {
		return l.seq, hash, err
	}
	return l.seq, hash, nil
}
