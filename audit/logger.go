package audit

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Logger records audit events. Build it with New: a nil *Logger is not
// usable (recording through one panics), so that no caller can lose the
// audit trail quietly by forgetting to set one. All methods are safe for
// concurrent use.
type Logger struct {
	replica string
	path    string
	sync    bool
	log     zerolog.Logger
	reg     prometheus.Registerer
	metrics *metrics

	mu     sync.Mutex
	f      *os.File
	size   int64  // bytes of intact records, to undo a partial write
	seq    int    // seq of the last record written
	prev   string // hash of the last record written
	broken error  // set when the file can no longer be appended safely
}

// Option configures a Logger.
type Option func(*Logger)

// WithSync makes every append reach the disk (fsync of the record and of
// the head file) before Record returns: slower, but a crash of the machine
// loses no record.
func WithSync(on bool) Option { return func(l *Logger) { l.sync = on } }

// WithRegisterer registers gatehouse_audit_events_total{kind} and
// gatehouse_audit_write_failures_total with reg (default: a private
// registry).
func WithRegisterer(reg prometheus.Registerer) Option {
	return func(l *Logger) { l.reg = reg }
}

// WithReplica names the server process in every event it records, so that
// the audit files of several replicas can be told apart and merged.
func WithReplica(name string) Option { return func(l *Logger) { l.replica = name } }

// WithLogger sets the logger used when Record's context carries none, and
// for New's own warnings (default: JSON on standard error).
func WithLogger(log zerolog.Logger) Option { return func(l *Logger) { l.log = log } }

// New returns a Logger. With file "" events go to zerolog only. Otherwise
// the file is verified, with its head file, before anything is appended:
// New refuses, with an error wrapping the *TamperError of the first bad
// record, to continue a chain that does not verify, so a restart never
// builds on a forged tail. One exception is tolerated and logged as a
// warning: a single valid record after the head, which is what a process
// stopped between an append and the head update leaves behind. Only one
// Logger may write a given file at a time.
func New(file string, opts ...Option) (*Logger, error) {
	l := &Logger{path: file, log: zerolog.New(os.Stderr).With().Timestamp().Logger()}
	for _, o := range opts {
		o(l)
	}
	l.metrics = newMetrics(l.reg)
	if file == "" {
		return l, nil
	}
	st, err := l.resume()
	if err != nil {
		return nil, fmt.Errorf("refusing to append to audit file %s: %w", file, err)
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("failed to open audit file: %w", err)
	}
	l.f, l.size, l.seq, l.prev = f, st.bytes, st.lastSeq, st.lastHash
	return l, nil
}

// resume verifies the existing file and its head, and repairs the head
// after an interrupted append.
func (l *Logger) resume() (chainState, error) {
	h, err := readHead(l.path)
	if err != nil {
		return chainState{}, err
	}
	f, err := os.Open(l.path)
	if errors.Is(err, os.ErrNotExist) {
		if h != nil {
			return chainState{}, fmt.Errorf("the file is missing but %s records seq %d", l.path+HeadSuffix, h.Seq)
		}
		return chainState{lastHash: zeroHash, prevHash: zeroHash}, nil
	}
	if err != nil {
		return chainState{}, fmt.Errorf("failed to open audit file: %w", err)
	}
	defer f.Close()
	st, err := scan(f, h)
	switch {
	case err != nil:
		return st, err
	case h == nil && st.records > 0:
		return st, fmt.Errorf("it has %d records but no head file %s; check it with `gatehouse audit verify` and move it aside to start a new chain",
			st.records, l.path+HeadSuffix)
	case h != nil && h.Seq == st.lastSeq-1 && h.Hash == st.prevHash:
		l.log.Warn().Bool("audit", true).Int("audit_seq", st.lastSeq).Str("audit_hash", st.lastHash).
			Msg("audit file has one record after its head, as an interrupted append leaves it; continuing from that record")
		return st, writeHead(l.path, head{Seq: st.lastSeq, Hash: st.lastHash}, l.sync)
	}
	if terr := checkHead(st, h); terr != nil {
		return st, terr
	}
	return st, nil
}

// Close closes the audit file. Later events are still logged through
// zerolog, and counted as write failures.
func (l *Logger) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	if l.broken == nil {
		l.broken = errors.New("the audit file is closed")
	}
	if err != nil {
		return fmt.Errorf("failed to close audit file: %w", err)
	}
	return nil
}
