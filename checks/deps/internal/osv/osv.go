// Package osv looks up advisories in the OSV format: from the OSV API, which
// matches versions itself, or from a directory of OSV records (air-gapped and
// GHES installs), matched here.
package osv

import (
	"context"
	"encoding/json"
	"strings"
)

// Vuln is an OSV record, reduced to what the dependency check reads.
type Vuln struct {
	ID               string          `json:"id"`
	Summary          string          `json:"summary"`
	Aliases          []string        `json:"aliases"`
	Modified         string          `json:"modified"`
	Withdrawn        string          `json:"withdrawn"`
	Severity         []Severity      `json:"severity"`
	Affected         []Affected      `json:"affected"`
	DatabaseSpecific json.RawMessage `json:"database_specific"`
}

// Severity is one scored severity (CVSS_V3, CVSS_V4...).
type Severity struct {
	Type  string `json:"type"`
	Score string `json:"score"`
}

// Affected is a package an advisory affects and the versions it affects.
type Affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
	} `json:"package"`
	Ranges            []Range         `json:"ranges"`
	Versions          []string        `json:"versions"`
	EcosystemSpecific json.RawMessage `json:"ecosystem_specific"`
	DatabaseSpecific  json.RawMessage `json:"database_specific"`
}

// Range is a list of events over one version ordering.
type Range struct {
	Type   string  `json:"type"`
	Events []Event `json:"events"`
}

// Event opens or closes an affected interval.
type Event struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
}

// IDs returns the advisory's id followed by its aliases.
func (v *Vuln) IDs() []string { return append([]string{v.ID}, v.Aliases...) }

// Malicious reports whether the record is a malicious-package report.
func (v *Vuln) Malicious() bool {
	for _, id := range v.IDs() {
		if strings.HasPrefix(id, "MAL-") {
			return true
		}
	}
	return false
}

// Query asks which advisories affect one package version.
type Query struct {
	Ecosystem string
	Name      string
	Version   string
}

// Advisories finds the advisories affecting package versions. Two
// implementations: API (OSV does the matching) and Dir (matched here).
type Advisories interface {
	// Query returns, for each query in order, the advisories affecting it.
	// An error means the answer is incomplete and must not be trusted.
	Query(ctx context.Context, qs []Query) ([][]*Vuln, error)
}

// NormalizeName returns the name under which an ecosystem compares packages:
// PyPI names are case- and separator-insensitive (PEP 503), Packagist names
// case-insensitive.
func NormalizeName(ecosystem, name string) string {
	switch ecosystem {
	case "PyPI":
		name = strings.ToLower(name)
		var b strings.Builder
		dash := false
		for _, r := range name {
			if r == '-' || r == '_' || r == '.' {
				if !dash {
					b.WriteByte('-')
				}
				dash = true
				continue
			}
			dash = false
			b.WriteRune(r)
		}
		return b.String()
	case "Packagist":
		return strings.ToLower(name)
	}
	return name
}

// QueryVersion returns the version string OSV expects: Go versions without "v".
func QueryVersion(ecosystem, v string) string {
	if ecosystem == "Go" {
		return strings.TrimPrefix(v, "v")
	}
	return v
}
