package secrets

import (
	"context"
	"encoding/base64"
	"maps"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
)

func TestLineRange(t *testing.T) {
	text := "zero\none\ntwo\nthree"
	tests := []struct {
		from, to int
		want     string
	}{{0, 0, "zero"}, {1, 2, "one\ntwo"}, {3, 3, "three"}, {2, 5, "two\nthree"}, {4, 4, ""}}
	for _, tt := range tests {
		if got := lineRange(text, tt.from, tt.to); got != tt.want {
			t.Errorf("lineRange(%d, %d) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestMemoTellsRunsOfTheSameShapeApart(t *testing.T) {
	a := addedAt("a.txt", 1, "one\ntwo").Added
	b := addedAt("a.txt", 7, "one\ntwx").Added // same shape, other text
	same := addedAt("a.txt", 9, "one\ntwo").Added
	// Lines are joined by newlines in the digest: other cuts, same bytes.
	cut := addedAt("a.txt", 1, "one\nt\nwo").Added
	// A run of the final diff keeps its lines, a commit's run a digest; a
	// run of either kind must find a twin of either kind, and nothing else.
	for _, tt := range []struct {
		name         string
		first, later bool
	}{
		{"final diff, then final diff", true, true},
		{"final diff, then a commit", true, false},
		{"a commit, then the final diff", false, true},
		{"a commit, then a commit", false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newScanner(nil, nil, 0)
			ea, ownA := s.runEntry("a.txt", a, tt.first)
			eb, ownB := s.runEntry("a.txt", b, tt.later)
			es, ownS := s.runEntry("a.txt", same, tt.later)
			_, ownOther := s.runEntry("b.txt", a, tt.later)
			_, ownCut := s.runEntry("a.txt", cut, tt.later)
			if !ownA || !ownB || ownS || !ownOther || !ownCut || ea == eb || es != ea {
				t.Errorf("memo: own %v %v %v %v %v, entries a==b %v same==a %v", ownA, ownB, ownS, ownOther, ownCut, ea == eb, es == ea)
			}
		})
	}
}

// The generic rule is run on windows around its keywords when there is
// nothing to decode. Its findings must be exactly those of running every
// rule on the whole fragment, as gitleaks does.
func TestGenericWindowsFindWhatTheWholeFragmentHas(t *testing.T) {
	g := newGen(22)
	c := newCheck(t)
	e := c.engines.base
	whole := c.engines.detector(c.engines.builtin, 0)
	pieces := []func() string{
		func() string { return g.fillerLine("go") },
		func() string { return "" },
		func() string { return "api_key = \"" + g.str(base62, 24) + "\"" },
		func() string { return "TOKEN:" }, // the value on a later line
		func() string { return "   \"" + g.str(base62, 20) + "\"" },
		func() string { return "secret =" },
		func() string { return "" },
		func() string { return g.str(base62, 18) },
		func() string { return "to\u212aen = '" + g.str(base62, 22) + "'" }, // Kelvin sign K folds to k
		func() string { return "auth: " + g.githubClassic() },               // a specific rule wins over generic
		func() string { return "access_key: " + g.str(b64std, 40) },
		func() string { return "password = " + g.str(base62, 16) + " # gatehouse:allow" },
	}
	compared := 0
	for i := 0; i < 100; i++ {
		var lines []string
		for n := 1 + g.r.IntN(30); n > 0; n-- {
			lines = append(lines, pieces[g.r.IntN(len(pieces))]())
		}
		raw := strings.Join(lines, "\n")
		if mayDecode(raw) {
			continue
		}
		want, got := compareHits(whole, e, raw)
		if !maps.Equal(want, got) {
			t.Fatalf("fragment:\n%s\nwhole fragment: %v\nwindows: %v", raw, want, got)
		}
		compared += len(want)
	}
	if compared < 100 {
		t.Fatalf("only %d findings compared: the test does not exercise the generic rule", compared)
	}
}

// Fragments with long base64-alphabet runs pass mayDecode; those in which
// gitleaks' decoder finds nothing skip the decoding detector. Either way the
// findings must be those of the decoding detector on the whole fragment.
func TestFragmentsThatMayDecodeFindWhatTheDecodingDetectorFinds(t *testing.T) {
	g := newGen(23)
	c := newCheck(t)
	e := c.engines.base
	pieces := []func() string{
		func() string { return g.fillerLine("go") },
		func() string { return "api_key = \"" + g.str(base62, 24) + "\"" },
		func() string { return "auth: " + g.githubClassic() },
		func() string { return "secret =" },
		func() string { return "   \"" + g.str(base62, 20) + "\"" },
		// Text that passes mayDecode but in which the decoder finds nothing:
		// format verbs look like percent escapes.
		func() string { return "fmt.Printf(\"%02x %d%s\\n\", b, n, s)" },
		func() string { return "sum h1:" + g.str(b64std, 44) },
		func() string { return "import \"github.com/" + g.str(base62, 30) + "/internal/x\"" },
		// Encoded secrets only the decoding detector finds.
		func() string {
			return "blob: " + base64.StdEncoding.EncodeToString([]byte("token = \""+g.githubClassic()+"\""))
		},
		func() string { return "q=%61%70%69%5f%6b%65%79%3d" + g.str(base62, 20) },
	}
	var withSegments, without int
	for i := 0; i < 150; i++ {
		// Half the fragments have no encoded secret to find.
		choices := len(pieces)
		if i%2 == 0 {
			choices -= 2
		}
		var lines []string
		for n := 1 + g.r.IntN(12); n > 0; n-- {
			lines = append(lines, pieces[g.r.IntN(choices)]())
		}
		raw := strings.Join(lines, "\n")
		if !mayDecode(raw) {
			continue
		}
		if decodes(raw) {
			withSegments++
		} else {
			without++
		}
		want, got := compareHits(e.full(), e, raw)
		if !maps.Equal(want, got) {
			t.Fatalf("fragment:\n%s\ndecoding detector: %v\nengine: %v", raw, want, got)
		}
	}
	if withSegments < 20 || without < 20 {
		t.Fatalf("%d fragments with segments, %d without: the test does not exercise both paths", withSegments, without)
	}
}

// hitKey is what two detectors must agree on for each finding.
type hitKey struct {
	rule, fp       string
	line, end, col int
}

// compareHits counts the findings of the reference detector and of the
// engine on raw.
func compareHits(reference *detect.Detector, e *engine, raw string) (want, got map[hitKey]int) {
	want, got, _ = compareHitsOf(reference, e, raw)
	return want, got
}

// compareHitsOf is compareHits that also returns the engine's hits, for
// callers that look further into them without scanning again.
func compareHitsOf(reference *detect.Detector, e *engine, raw string) (want, got map[hitKey]int, hits []hit) {
	want, got = map[hitKey]int{}, map[hitKey]int{}
	for _, f := range reference.DetectContext(context.Background(), detect.Fragment{Raw: raw, FilePath: "a.txt", StartLine: 1}) {
		if h, ok := toHit(f, raw, 1); ok {
			want[hitKey{h.rule, h.fingerprint, h.startLine, h.endLine, h.startCol}]++
		}
	}
	hits = e.gitleaksHits(context.Background(), "a.txt", raw)
	for _, h := range hits {
		got[hitKey{h.rule, h.fingerprint, h.startLine, h.endLine, h.startCol}]++
	}
	return want, got, hits
}
