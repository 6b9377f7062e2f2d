package secrets

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
)

// The keyword index must find a keyword exactly where gitleaks' prefilter
// does: as a substring of the text lowered by strings.ToLower, whatever the
// text's case, non-ASCII characters or invalid bytes.
func TestKeywordIndexFindsWhatTheLoweredTextHolds(t *testing.T) {
	keywords := []string{"token", "sk", "s.", "api-", "xoxb", "ik", "\u00e9t\u00e9", "k"}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"one byte", "t", nil},
		{"ASCII, any case", "my ToKeN here", []string{"token"}},
		{"at the end", "TASK", []string{"sk"}},
		{"overlapping", "tasks.", []string{"sk", "s."}},
		{"Kelvin sign lowers to k", "to\u212aen", []string{"token"}},
		{"dotted capital I lowers to i", "\u0130K", []string{"ik"}},
		{"after a non-ASCII character", "caf\u00e9 API-1", []string{"api-"}},
		{"across ASCII and non-ASCII", "\u00c9T\u00c9 xoxb", []string{"\u00e9t\u00e9", "xoxb"}},
		{"invalid bytes", "\xffapi-\xfe", []string{"api-"}},
		{"no keyword", "nothing to see", nil},
	}
	x, ids := newKeywordIndex(keywords)
	if ids[len(ids)-1] != -1 {
		t.Fatalf("a one-byte keyword got id %d, want -1 (not indexed)", ids[len(ids)-1])
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			present := make([]uint64, bitWords(len(x.words)))
			x.find(tt.text, present)
			var got []string
			for id, k := range x.words {
				if present[id/64]&(1<<(id%64)) != 0 {
					got = append(got, k)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Fatalf("found %q, want %q", got, want)
			}
			for _, k := range got {
				if !strings.Contains(strings.ToLower(tt.text), k) {
					t.Errorf("%q is not in the lowered text", k)
				}
			}
		})
	}
}

// Every rule of the first pass must be selected wherever one of its
// keywords is, in any case, and the runs its pattern needs are (a run of
// non-ASCII characters is in every class), unless its test rules the text
// out; and no rule without a keyword in the text may be selected.
func TestRuleSelectionKeepsEveryRuleWhoseKeywordIsPresent(t *testing.T) {
	c := newCheck(t)
	s := c.engines.base.first
	if len(s.ids) < 200 {
		t.Fatalf("only %d rules in the first pass", len(s.ids))
	}
	selectedRules := func(text string) []string {
		chosen, _, _ := s.selected(text)
		var out []string
		for i, id := range s.ids {
			if chosen[i/64]&(1<<(i%64)) != 0 {
				out = append(out, id)
			}
		}
		return out
	}
	filler := "func main() { fmt.Println(x) }\n"
	if got := selectedRules(filler); len(got) != 0 {
		t.Fatalf("rules selected on text without keywords: %v", got)
	}
	for i, id := range s.ids {
		for _, k := range s.rules[i].Keywords {
			for _, spelling := range []string{k, strings.ToUpper(k)} {
				text := filler + "x = " + spelling + "\n" + strings.Repeat("\u00e9", 150) + "\n" + filler
				test := s.tests[i]
				t.Run(id+"/"+spelling, func(t *testing.T) {
					got := slices.Contains(selectedRules(text), id)
					if want := test == nil || test(text); got != want {
						t.Fatalf("selected %v, want %v", got, want)
					}
				})
			}
		}
	}
}

// A gated rule runs only where its test holds, any rule only where the runs
// its pattern needs are, and then with the rules of the other keywords the
// fragment holds.
func TestRuleSelectionAppliesTheRulesTests(t *testing.T) {
	c := newCheck(t)
	s := c.engines.base.first
	tests := []struct {
		name, text string
		want, not  []string
	}{
		{"keyword but no token", "s.Lock(); defer s.mu.Unlock()", nil, []string{"vault-service-token"}},
		{"token", "VAULT=s.ABCDEFGHIJKLMNOPQRSTUVWX", []string{"vault-service-token"}, nil},
		{"jwt keyword only", "they eyJabc.eyJ keys", nil, []string{"jwt"}},
		{"twilio and github", "SK0123456789abcdef0123456789abcdef gh" + "p_" + strings.Repeat("a1", 18), []string{"twilio-api-key", "github-pat"}, nil},
		// Needs derived from the patterns: a keyword without the run of
		// characters the token is made of.
		{"github keyword, token too short", "gh" + "p_" + strings.Repeat("a1", 17), nil, []string{"github-pat"}},
		{"github keyword, token cut", "gh" + "p_" + strings.Repeat("a1", 9) + "." + strings.Repeat("a1", 9), nil, []string{"github-pat"}},
		{"github keyword, non-ASCII run", "gh" + "p_" + strings.Repeat("\u212a", 12), []string{"github-pat"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chosen, _, _ := s.selected(tt.text)
			has := func(id string) bool {
				i, ok := slices.BinarySearch(s.ids, id)
				return ok && chosen[i/64]&(1<<(i%64)) != 0
			}
			for _, id := range tt.want {
				if !has(id) {
					t.Errorf("%s not selected", id)
				}
			}
			for _, id := range tt.not {
				if has(id) {
					t.Errorf("%s selected", id)
				}
			}
		})
	}
}

// The first pass reports whether a fragment, lower-cased as gitleaks lowers
// it, holds a keyword of the generic rule: where it does not, no line does,
// and the generic windows are not looked for.
func TestRuleSelectionProbesTheGenericKeywords(t *testing.T) {
	c := newCheck(t)
	s := c.engines.base.first
	tests := []struct {
		name, text string
		want       bool
	}{
		{"none", "the quick brown fox jumps over the lazy dog", false},
		{"lower case", "x := token", true},
		{"upper case", "MY_PASSWORD=1", true},
		{"on a later line", "a\nb\nc\napi_key", true},
		{"the Kelvin sign lowers to k", "\u212aey = 1", true},
		{"the long s does not lower to s", "\u017fecret = 1", false},
		{"a provider's keyword only", "gh" + "p_" + strings.Repeat("a1", 18), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, got := s.selected(tt.text); got != tt.want {
				t.Errorf("probed = %v, want %v", got, tt.want)
			}
			if got := c.engines.base.genericKeywords.in(tt.text); got != tt.want {
				t.Errorf("the windows' own keyword test says %v", got)
			}
		})
	}
}

// A rule with a path pattern runs only where its path matches, as gitleaks
// runs it: the selection leaves it out elsewhere, with the same findings.
func TestPathBoundRulesRunWhereTheirPathMatches(t *testing.T) {
	c := newCheck(t)
	e := c.engines.base
	g := newGen(5)
	value := g.str(b64std, 40)
	texts := []string{
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: " + value + "\n",
		"resource \"azurerm_sql_server\" \"db\" {\n  administrator_login_password = \"" + g.str(base62, 16) + "\"\n}\n",
	}
	for _, path := range []string{"k8s/secret.yaml", "main.tf", "notes.txt", "deploy/values.YML"} {
		for _, raw := range texts {
			frag := detect.Fragment{Raw: raw, FilePath: path, StartLine: 1}
			count := func(fs []report.Finding) map[string]int {
				out := map[string]int{}
				for _, f := range fs {
					out[f.RuleID]++
				}
				return out
			}
			want := count(e.full().DetectContext(context.Background(), frag))
			var found []report.Finding
			for _, h := range e.gitleaksHits(context.Background(), path, raw) {
				found = append(found, report.Finding{RuleID: h.rule})
			}
			if got := count(found); !maps.Equal(got, want) {
				t.Errorf("%s, %q: engine %v, gitleaks %v", path, raw[:20], got, want)
			}
			if path == "k8s/secret.yaml" && raw == texts[0] && want["kubernetes-secret-yaml"] == 0 {
				t.Errorf("gitleaks finds no Kubernetes Secret in %q: the test tests nothing", raw)
			}
		}
	}
	if !slices.ContainsFunc(e.first.pathBound, func(i int) bool { return e.first.ids[i] == "kubernetes-secret-yaml" }) {
		t.Error("kubernetes-secret-yaml is not path-bound")
	}
}

// A selection keeps its detectors while their keyword tries fit the bound,
// dropping the oldest first: two sets used in turn are built once each.
func TestSelectionCacheKeepsSetsUsedInTurn(t *testing.T) {
	c := newCheck(t)
	builds := 0
	s := newDecodingSelection(c.engines.builtin, nil, func(rs map[string]gconfig.Rule) *detect.Detector {
		builds++
		return c.engines.detector(rs, maxDecodeDepth)
	})
	// Sets of rules whose keywords add up to a little under half the bound.
	var sets [][]uint64
	chosen, states := make([]uint64, bitWords(len(s.rules))), 1
	for i, r := range s.run {
		n := 0
		for _, k := range r.Keywords {
			n += len(k)
		}
		if n == 0 {
			continue
		}
		chosen[i/64] |= 1 << (i % 64)
		if states += n; states > maxSelectionTrieStates*2/5 {
			sets = append(sets, chosen)
			chosen, states = make([]uint64, bitWords(len(s.rules))), 1
		}
	}
	if len(sets) < 3 {
		t.Fatalf("only %d sets", len(sets))
	}
	for range 5 {
		s.detector(sets[0])
		s.detector(sets[1])
	}
	if builds != 2 {
		t.Errorf("two sets used in turn were built %d times, want 2", builds)
	}
	// A third set makes room by dropping the oldest only.
	s.detector(sets[2])
	s.detector(sets[1])
	if builds != 3 {
		t.Errorf("after a third set, %d builds, want 3: the set used last was dropped", builds)
	}
	for _, set := range sets {
		s.detector(set)
		if s.cacheStates > maxSelectionTrieStates && len(s.cached) > 1 {
			t.Fatalf("%d detectors hold %d states, more than %d", len(s.cached), s.cacheStates, maxSelectionTrieStates)
		}
	}
	if len(s.cached) != len(s.cache) {
		t.Errorf("%d keys listed for %d detectors", len(s.cached), len(s.cache))
	}
}
