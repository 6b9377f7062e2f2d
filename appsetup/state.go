package appsetup

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
)

// ErrStateUnknown is a callback whose state this run never issued: a forged
// or stale redirect (another run's, or an attacker's link).
var ErrStateUnknown = errors.New("the state does not match any registration started here")

// ErrStateUsed is a callback whose state was already used: a reload or a
// replayed redirect.
var ErrStateUsed = errors.New("this registration link was already used")

// maxOpenStates bounds the states kept: each page load issues one, so
// reloading the page many times cannot grow memory.
const maxOpenStates = 32

// States issues random single-use states (OAuth's CSRF defence, which
// GitHub's manifest flow echoes back on its redirect) and checks them.
// The zero value is ready to use and safe for concurrent use.
type States struct {
	mu    sync.Mutex
	open  []string // oldest first
	spent map[string]bool
}

// New issues a state: 32 random bytes, URL-safe.
func (s *States) New() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("failed to generate a state: %w", err)
	}
	st := base64.RawURLEncoding.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.open) == maxOpenStates {
		s.open = s.open[1:]
	}
	s.open = append(s.open, st)
	return st, nil
}

// Check says whether state may be used, without using it.
func (s *States) Check(state string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkLocked(state)
}

// Use checks state and spends it: a second Use of it fails with ErrStateUsed.
func (s *States) Use(state string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkLocked(state); err != nil {
		return err
	}
	for i, o := range s.open {
		if o == state {
			s.open = append(s.open[:i:i], s.open[i+1:]...)
			break
		}
	}
	if s.spent == nil {
		s.spent = map[string]bool{}
	}
	s.spent[state] = true
	return nil
}

// Close spends every open state: once an App is registered no other
// registration may complete.
func (s *States) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.spent == nil {
		s.spent = map[string]bool{}
	}
	for _, o := range s.open {
		s.spent[o] = true
	}
	s.open = nil
}

func (s *States) checkLocked(state string) error {
	if state == "" {
		return ErrStateUnknown
	}
	if s.spent[state] {
		return ErrStateUsed
	}
	for _, o := range s.open {
		if o == state {
			return nil
		}
	}
	return ErrStateUnknown
}
