package secrets

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// waivers are the policy's accepted false positives.
type waivers struct {
	paths        config.Globs
	fingerprints map[string]bool
	inline       config.InlineMarkers
}

func newWaivers(allow config.SecretsAllow) (*waivers, error) {
	w := &waivers{fingerprints: make(map[string]bool, len(allow.Fingerprints)), inline: allow.Inline}
	for _, p := range allow.Paths {
		if err := p.Err(); err != nil {
			return nil, fmt.Errorf("invalid secrets.allow.paths pattern: %w", err)
		}
		w.paths = append(w.paths, p)
	}
	for _, fp := range allow.Fingerprints {
		w.fingerprints[strings.TrimSpace(fp)] = true
	}
	return w, nil
}

// reason says why the policy accepts the secret, or "" when it does not, and
// whether InfoSec must approve the waiver: an inline marker is the author's
// own word, which by default needs someone else's. Every path in the pull
// request is scanned, allow-listed ones included, so that what the policy
// waives is still listed for reviewers.
func (w *waivers) reason(s secret) (why string, needsApproval bool) {
	if w.fingerprints[s.at.fingerprint] {
		return "fingerprint listed in secrets.allow.fingerprints", false
	}
	for _, fp := range s.at.aliases {
		if w.fingerprints[fp] {
			return fmt.Sprintf("fingerprint %s of the same secret, found by another rule, listed in secrets.allow.fingerprints", fp), false
		}
	}
	if s.at.where == inFile {
		if p, ok := w.paths.First(s.at.path); ok {
			return fmt.Sprintf("path matches secrets.allow.paths %q", p), false
		}
	}
	if s.at.marker == "" || w.inline == config.InlineIgnored {
		return "", false
	}
	return fmt.Sprintf("inline %q marker on the line", s.at.marker), w.inline != config.InlineTrusted
}

// inlineWaiverNeed asks InfoSec to confirm what an author's inline marker
// waived. It names the fingerprint, which InfoSec can add to
// secrets.allow.fingerprints, and the masked preview, never the value.
func inlineWaiverNeed(f checks.Finding, s secret) checks.ApprovalNeed {
	n := checks.ApprovalNeed{
		Kind:    "inline-waiver",
		Subject: placeLabel(f),
		Reason: fmt.Sprintf("an inline %q marker waives a possible secret `%s` (rule %s, fingerprint %s); InfoSec must confirm it is not one",
			s.at.marker, s.at.preview, s.at.rule, s.at.fingerprint),
	}
	if f.Commit != "" {
		n.Commits = []string{f.Commit}
	}
	return n
}

// placeLabel is path:line, or the whole place name for pull request text.
func placeLabel(f checks.Finding) string {
	if f.Path == "" {
		return "pull request text"
	}
	return fmt.Sprintf("%s:%d", f.Path, f.StartLine)
}
