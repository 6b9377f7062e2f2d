package secrets

import (
	"strings"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
)

// headerText returns the words of a line that opens a mapping (datadog:),
// an object ("datadog": {), a block (provider "datadog" {, datadog {) or a
// section ([datadog]); ok is false for anything else, code included
// (func f() {, if x:).
func headerText(t string) (string, bool) {
	switch last := t[len(t)-1]; {
	case last == ':':
		t = t[:len(t)-1]
	case last == '{':
		t = strings.TrimRight(t[:len(t)-1], " \t")
		t = strings.TrimRight(t, ":= \t") // "datadog": {, datadog = {
	case last == ']' && t[0] == '[':
		t = t[1 : len(t)-1]
	default:
		return "", false
	}
	t = strings.TrimPrefix(strings.TrimLeft(t, " \t"), "- ")
	if t == "" || len(t) > 100 {
		return "", false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !isAlnum(c) && strings.IndexByte("_-.\"' \t", c) < 0 {
			return "", false
		}
	}
	return t, true
}

// headerName is a header's words lower-cased and joined by _, without
// quotes: the name its keys are prefixed with (provider_datadog_app_key).
func headerName(t string) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == '"' || c == '\'':
		case c == ' ' || c == '\t':
			b.WriteByte('_')
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// providerMatcher tells whether a header names a provider: one of the rule
// keywords that are a provider's name (datadog, slack, stripe), not token
// prefixes (ghp_, sk_live) nor generic words, which would make every mapping
// called "secret:" a context. Keywords are indexed by their first byte in
// either case, so a header is read once.
type providerMatcher struct {
	byFirst [256][]string // lower-case keywords
}

func newProviderMatcher(rules map[string]gconfig.Rule) *providerMatcher {
	m := &providerMatcher{}
	seen := map[string]bool{}
	for id, r := range rules {
		if strings.Contains(id, "generic") {
			continue
		}
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			if seen[k] || !isProviderWord(k) {
				continue
			}
			seen[k] = true
			m.byFirst[k[0]] = append(m.byFirst[k[0]], k)
			m.byFirst[k[0]-'a'+'A'] = append(m.byFirst[k[0]-'a'+'A'], k)
		}
	}
	return m
}

// in reports whether s, ASCII-lowered, holds a provider's name.
func (m *providerMatcher) in(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, k := range m.byFirst[s[i]] {
			if hasLowerPrefix(s[i:], k) {
				return true
			}
		}
	}
	return false
}

var notProviders = map[string]bool{"password": true, "secret": true, "secret_key": true, "curl": true,
	"token": true, "access": true, "private": true, "administrator_login_password": true}

// isProviderWord: four or more lower-case letters, with _ or - inside.
func isProviderWord(k string) bool {
	if len(k) < 4 || notProviders[k] {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z') && !(i > 0 && i < len(k)-1 && (c == '_' || c == '-')) {
			return false
		}
	}
	return true
}
