package osv

import (
	"encoding/json"
	"math"
	"strings"
)

// Level is an advisory severity, ordered low < moderate < high < critical.
type Level int

// Severity levels. Unknown means no database or score said.
const (
	Unknown Level = iota
	Low
	Moderate
	High
	Critical
)

var levelNames = []string{"unknown", "low", "moderate", "high", "critical"}

func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "unknown"
	}
	return levelNames[l]
}

// ParseLevel reads a policy or database severity name; "medium" is moderate.
func ParseLevel(s string) (Level, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return Low, true
	case "moderate", "medium":
		return Moderate, true
	case "high":
		return High, true
	case "critical":
		return Critical, true
	}
	return Unknown, false
}

// Rate returns the advisory's severity: the database's own rating (GHSA's
// database_specific.severity) first, else the highest CVSS v3 base score,
// and the score when one was computed.
func Rate(v *Vuln) (Level, float64) {
	var ds struct {
		Severity string `json:"severity"`
	}
	lvl := Unknown
	if len(v.DatabaseSpecific) > 0 && json.Unmarshal(v.DatabaseSpecific, &ds) == nil {
		lvl, _ = ParseLevel(ds.Severity)
	}
	if lvl == Unknown {
		for _, a := range v.Affected {
			if len(a.EcosystemSpecific) > 0 && json.Unmarshal(a.EcosystemSpecific, &ds) == nil {
				if l, ok := ParseLevel(ds.Severity); ok && l > lvl {
					lvl = l
				}
			}
		}
	}
	best := -1.0
	for _, s := range v.Severity {
		if s.Type != "CVSS_V3" {
			continue
		}
		if sc, ok := CVSS3BaseScore(s.Score); ok && sc > best {
			best = sc
		}
	}
	if best < 0 {
		return lvl, 0
	}
	if lvl == Unknown {
		lvl = scoreLevel(best)
	}
	return lvl, best
}

func scoreLevel(s float64) Level {
	switch {
	case s >= 9:
		return Critical
	case s >= 7:
		return High
	case s >= 4:
		return Moderate
	case s > 0:
		return Low
	}
	return Unknown
}

var cvssWeights = map[string]map[string]float64{
	"AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
	"AC": {"L": 0.77, "H": 0.44},
	"UI": {"N": 0.85, "R": 0.62},
	"C":  {"H": 0.56, "L": 0.22, "N": 0},
	"I":  {"H": 0.56, "L": 0.22, "N": 0},
	"A":  {"H": 0.56, "L": 0.22, "N": 0},
}

// CVSS3BaseScore computes the CVSS v3.0/3.1 base score of a vector string
// (the specification's formulas, with 3.1's Roundup).
func CVSS3BaseScore(vector string) (float64, bool) {
	parts := strings.Split(vector, "/")
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "CVSS:3") {
		return 0, false
	}
	m := make(map[string]string)
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, ":")
		if !ok {
			return 0, false
		}
		m[k] = v
	}
	get := func(k string) (float64, bool) {
		w, ok := cvssWeights[k][m[k]]
		return w, ok
	}
	av, ok1 := get("AV")
	ac, ok2 := get("AC")
	ui, ok3 := get("UI")
	c, ok4 := get("C")
	i, ok5 := get("I")
	a, ok6 := get("A")
	scope := m["S"]
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || (scope != "U" && scope != "C") {
		return 0, false
	}
	var pr float64
	switch m["PR"] {
	case "N":
		pr = 0.85
	case "L":
		pr = 0.62
		if scope == "C" {
			pr = 0.68
		}
	case "H":
		pr = 0.27
		if scope == "C" {
			pr = 0.5
		}
	default:
		return 0, false
	}
	iss := 1 - (1-c)*(1-i)*(1-a)
	var impact float64
	if scope == "U" {
		impact = 6.42 * iss
	} else {
		impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
	}
	if impact <= 0 {
		return 0, true
	}
	expl := 8.22 * av * ac * pr * ui
	if scope == "U" {
		return roundup(math.Min(impact+expl, 10)), true
	}
	return roundup(math.Min(1.08*(impact+expl), 10)), true
}

// roundup is CVSS 3.1's Roundup: the smallest one-decimal number not below x,
// computed on integers to avoid floating-point surprises.
func roundup(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return (math.Floor(float64(i)/10000) + 1) / 10
}
