package deps

import (
	"embed"
	"strings"
	"sync"

	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/manifest"
	"github.com/gatehouse-sec/gatehouse/checks/deps/internal/osv"
)

//go:embed names/*.txt
var namesFS embed.FS

var nameFiles = map[string]string{
	manifest.NPM:       "names/npm.txt",
	manifest.PyPI:      "names/pypi.txt",
	manifest.Go:        "names/go.txt",
	manifest.Cargo:     "names/crates.txt",
	manifest.RubyGems:  "names/rubygems.txt",
	manifest.Packagist: "names/packagist.txt",
	manifest.Maven:     "names/maven.txt",
	manifest.Actions:   "names/actions.txt",
}

// knownFiles list names in wide use (by downloads), never reported: a name
// used that much is established, not a typo (see names/known.sh).
var knownFiles = map[string]string{
	manifest.NPM:  "names/npm-known.txt",
	manifest.PyPI: "names/pypi-known.txt",
}

var (
	popularOnce sync.Once
	popular     map[string][]string        // ecosystem → normalised popular names
	popularSet  map[string]map[string]bool // ecosystem → set, popular and legitimate look-alikes
)

func loadNames() {
	popular = make(map[string][]string)
	popularSet = make(map[string]map[string]bool)
	for eco, file := range nameFiles {
		popularSet[eco] = make(map[string]bool)
		for _, n := range readNames(file) {
			n = typoNorm(eco, n)
			popular[eco] = append(popular[eco], n)
			popularSet[eco][n] = true
		}
	}
	for eco, file := range knownFiles {
		for _, n := range readNames(file) {
			popularSet[eco][typoNorm(eco, n)] = true
		}
	}
	for _, l := range readNames("names/legit.txt") {
		eco, name, ok := strings.Cut(l, " ")
		if ok && popularSet[eco] != nil {
			popularSet[eco][typoNorm(eco, name)] = true
		}
	}
}

func readNames(file string) []string {
	b, err := namesFS.ReadFile(file)
	if err != nil {
		panic("deps: embedded name list missing: " + file) // a build defect, caught by every test
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

func typoNorm(eco, n string) string {
	return strings.ToLower(osv.NormalizeName(eco, n))
}

// typosquatOf returns the popular package that name is one or two edits away
// from, if any, unless name is in wide use itself or of the target's family.
// Short names are too close to each other to judge: names under five
// characters are never reported, and two edits count only from twelve:
// below that, two edits reach real neighbours (crossterm and crossbeam,
// wast-loader and sass-loader).
func typosquatOf(eco, name string) (string, bool) {
	popularOnce.Do(loadNames)
	n := typoNorm(eco, name)
	if popularSet[eco] == nil || popularSet[eco][n] {
		return "", false
	}
	for _, t := range popular[eco] {
		if len(t) < 5 {
			continue
		}
		limit := 1
		if len(t) >= 12 {
			limit = 2
		}
		if d := len(n) - len(t); d > limit || -d > limit {
			continue
		}
		if editDistance(n, t, limit) <= limit && !sameFamily(eco, n, t) {
			return t, true
		}
	}
	return "", false
}

// editDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and adjacent transpositions: "lodahs" is one edit
// from "lodash"), giving up above limit.
func editDistance(a, b string, limit int) int {
	la, lb := len(a), len(b)
	prev2 := make([]int, lb+1)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}
