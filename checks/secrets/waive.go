package secrets

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/gatehouse-sec/gatehouse/config"
)

// waivers are the policy's accepted false positives.
type waivers struct {
	paths        []string
	fingerprints map[string]bool
}

func newWaivers(allow config.SecretsAllow) (*waivers, error) {
	w := &waivers{fingerprints: make(map[string]bool, len(allow.Fingerprints))}
	for _, p := range allow.Paths {
		if !doublestar.ValidatePattern(p) {
			return nil, fmt.Errorf("invalid secrets.allow.paths pattern %q", p)
		}
		w.paths = append(w.paths, p)
	}
	for _, fp := range allow.Fingerprints {
		w.fingerprints[strings.TrimSpace(fp)] = true
	}
	return w, nil
}

// reason says why the policy accepts the secret, or "" when it does not.
// Every path in the pull request is scanned, allow-listed ones included, so
// that what the policy waives is still listed for reviewers.
func (w *waivers) reason(s secret) string {
	if w.fingerprints[s.at.fingerprint] {
		return "fingerprint listed in secrets.allow.fingerprints"
	}
	if s.at.where == inFile {
		for _, p := range w.paths {
			if doublestar.MatchUnvalidated(p, s.at.path) {
				return fmt.Sprintf("path matches secrets.allow.paths %q", p)
			}
		}
	}
	if s.at.marker != "" {
		return fmt.Sprintf("inline %q marker on the line", s.at.marker)
	}
	return ""
}
