package secrets

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/config"
	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/regexp"
	"github.com/zricethezav/gitleaks/v8/report"
)

// Long fragments with encoded secrets here and there: the engine reads them
// through decode windows and must find exactly what gitleaks' decoding
// detector finds on the whole fragment, including matches that start on a
// keyword line before the encoded value, secrets encoded twice, a private
// key encoded whole (a rule with unbounded reach, run on the whole
// fragment), escapes that span lines, and text with the long s that case
// folding matches for s.
func TestDecodeWindowsFindWhatTheDecodingDetectorFinds(t *testing.T) {
	g := newGen(31)
	c := newCheck(t)
	e := c.engines.base
	rsaKey, _ := realKeys(t)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	unicodeRun := func(s string) string {
		var b strings.Builder
		for i, r := range s {
			if i > 0 && i%12 == 0 {
				b.WriteString("\n") // a run of U+ escapes over several lines
			} else if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "U+%04X", r)
		}
		return b.String()
	}
	pieces := []func() string{
		func() string { return g.fillerLine("go") },
		func() string { return g.fillerLine("go") },
		func() string { return g.fillerLine("go") },
		func() string { return "" },
		func() string { return "api_key = \"" + g.str(base62, 24) + "\"" },
		func() string { return "TOKEN:" },
		func() string { return "secret =" },
		func() string { return "   \"" + g.str(base62, 20) + "\"" },
		func() string { return "sum h1:" + g.str(b64std, 44) },
		func() string { return "fmt.Printf(\"%02x %d%s\\n\", b, n, s)" },
		func() string { return "blob: " + b64("token = \""+g.githubClassic()+"\"") },
		func() string { return "  " + b64(g.str(base62, 26)) }, // a value after a keyword line, encoded
		func() string { return "twice: " + b64(b64("password = \""+g.str(base62, 18)+"\"")) },
		func() string { return "hex " + hex.EncodeToString([]byte("aws_secret = "+g.awsSecretKey())) },
		func() string { return "q=" + url.QueryEscape("api_key="+g.str(base62, 20)) + "&x=%41%42" },
		func() string { return "%61%70%69%5f%6b%65%79%3d" + g.str(base62, 20) },
		func() string { return unicodeRun("auth_token=" + g.str(base62, 22)) },
		func() string { return `"\u0074\u006f\u006b\u0065\u006e\u003d` + g.str(base62, 20) + `"` },
		func() string { return "key: " + b64(rsaKey) },
		func() string { return "ſecret = \"" + b64("x = "+g.str(base62, 24)) + "\"" },
	}
	var decoded, sparseBytes, windowBytes, windowed int
	for i := 0; i < 200; i++ {
		// Mostly code, some keyword lines (in every other fragment so many
		// that windows must reach back to the start or merge), now and then
		// something for the decoder, found or not.
		sparse := i%2 == 0
		keywordLines, odds := 6, 40
		if sparse {
			keywordLines, odds = 2, 120
		}
		var lines []string
		for n := 20 + g.r.IntN(300); n > 0; n-- {
			p := g.r.IntN(4)
			switch k := g.r.IntN(odds); {
			case k == 0:
				p = 8 + g.r.IntN(len(pieces)-8)
			case k <= keywordLines:
				p = 4 + g.r.IntN(4)
			}
			lines = append(lines, pieces[p]())
		}
		raw := strings.Join(lines, "\n")
		want, got, hits := compareHitsOf(e.full(), e, raw)
		if !maps.Equal(want, got) {
			t.Fatalf("fragment:\n%s\ndecoding detector: %v\nengine: %v", raw, want, got)
		}
		for _, h := range hits {
			if h.encoding != "" {
				decoded++
			}
		}
		if sparse {
			sparseBytes += len(raw)
			decoding := 0
			for _, w := range e.decode.decodeWindows(raw) {
				windowBytes += len(w.text)
				if len(decodedTexts(w.text)) > 0 {
					decoding += len(w.text)
				}
			}
			if decoding > 0 && decoding*2 <= len(raw) && !hasFoldTrap(raw) {
				windowed++
			}
		}
	}
	t.Logf("%d decoded findings; windows hold %d of %d bytes of sparse fragments; %d read through windows", decoded, windowBytes, sparseBytes, windowed)
	if decoded < 50 {
		t.Errorf("only %d findings in decoded text: the test does not exercise decoding", decoded)
	}
	if windowBytes*2 > sparseBytes || windowed < 30 {
		t.Errorf("windows hold %d of %d bytes of sparse fragments, %d fragments read through them: the test does not exercise windows", windowBytes, sparseBytes, windowed)
	}
}

// A window starts at a barrier: far enough before the encoded line that a
// match touching it starts inside, and past any line whose keyword could
// start a match that runs into the window.
func TestDecodeWindowsStartAtBarriers(t *testing.T) {
	c := newCheck(t)
	d := c.engines.base.decode
	encoded := "blob: " + base64.StdEncoding.EncodeToString([]byte("token = \"abcdefghijklmnopqrstuvwx\""))
	plain := func(n int) []string { return repeatLine(n, "x := y + z") }
	keyworded := func(n int) []string { return repeatLine(n, "token =") }
	join := func(parts ...[]string) string {
		var all []string
		for _, p := range parts {
			all = append(all, p...)
		}
		return strings.Join(all, "\n")
	}
	tests := []struct {
		name        string
		raw         string
		first, last int // 1-based lines of the one window
	}{
		{"plain code before", join(plain(60), []string{encoded}, plain(60)), 61 - d.reach - 1, 61 + d.reach + 2},
		{"near the start", join(plain(3), []string{encoded}, plain(3)), 1, 7},
		{"keywords just before", join(plain(30), keyworded(10), []string{encoded}, plain(40)),
			31 - d.reach - 1, 41 + d.reach + 2},
		{"keywords all the way", join(keyworded(50), []string{encoded}, plain(40)), 1, 51 + d.reach + 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := d.decodeWindows(tt.raw)
			if len(ws) != 1 {
				t.Fatalf("%d windows, want 1", len(ws))
			}
			last := ws[0].first + strings.Count(ws[0].text, "\n")
			if ws[0].first > tt.first || last != tt.last {
				t.Errorf("window lines %d-%d, want from %d or before, to %d", ws[0].first, last, tt.first, tt.last)
			}
		})
	}
	t.Run("apart", func(t *testing.T) {
		ws := d.decodeWindows(join(plain(10), []string{encoded}, plain(100), []string{encoded}, plain(10)))
		if len(ws) != 2 {
			t.Errorf("%d windows for two encoded lines 100 lines apart, want 2", len(ws))
		}
	})
	t.Run("close", func(t *testing.T) {
		ws := d.decodeWindows(join(plain(10), []string{encoded}, plain(d.reach), []string{encoded}, plain(10)))
		if len(ws) != 1 {
			t.Errorf("%d windows for two encoded lines %d lines apart, want 1", len(ws), d.reach)
		}
	})
}

func repeatLine(n int, line string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = line
	}
	return out
}

// The analysis that sorts rules between windows and the whole fragment: a
// rule runs on windows only when its matches are bounded in lines and either
// hold its keyword or never cross a line.
func TestRuleShapes(t *testing.T) {
	c := newCheck(t)
	builtin := c.engines.builtin
	custom := func(pattern string, keywords ...string) gconfig.Rule {
		return gconfig.Rule{RuleID: "custom", Regex: regexp.MustCompile(pattern), Keywords: keywords}
	}
	tests := []struct {
		name string
		rule gconfig.Rule
		want ruleShape
	}{
		{"generic-api-key", builtin[genericRule], ruleShape{reach: 9, crossing: true, keyworded: true, windowable: true}},
		{"aws-access-token", builtin["aws-access-token"], ruleShape{reach: 0, keyworded: true, windowable: true}},
		{"private-key", builtin["private-key"], ruleShape{reach: unbounded, crossing: true, keyworded: true}},
		{"kubernetes-secret-yaml", builtin["kubernetes-secret-yaml"], ruleShape{reach: unbounded, crossing: true, keyworded: true}},
		{"keyword outside the match", custom(`[a-z]{3}\n[0-9]{30}`, "zzz"), ruleShape{reach: 1, crossing: true}},
		{"newline only last", custom(`abc_[0-9]{30}\s`, "abc_"), ruleShape{reach: 1, keyworded: true, windowable: true}},
		{"no keywords, one line", custom(`[0-9a-f]{40}(?:\s|$)`), ruleShape{reach: 1, windowable: true}},
		{"no keywords, crossing", custom(`x\s+[0-9a-f]{40}`), ruleShape{reach: unbounded, crossing: true}},
		{"may match empty", custom(`(?:tok)?`, "tok"), ruleShape{reach: 0, windowable: false}},
		{"factored keywords", custom(`A(?:KIA|SIA)[A-Z0-9]{16}`, "akia", "asia"), ruleShape{reach: 0, keyworded: true, windowable: true}},
		{"optional part inside a keyword", custom(`passw(?:or)?d=\S+`, "passwd", "password"), ruleShape{reach: 0, keyworded: true, windowable: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shapeOf(tt.rule); got != tt.want {
				t.Errorf("shape %+v, want %+v", got, tt.want)
			}
		})
	}
}

// A rule that runs on the whole fragment is skipped when neither the
// fragment nor what its windows decode to holds what the rule needs.
func TestWholeRulesRunOnlyWhereTheyMayMatch(t *testing.T) {
	c := newCheck(t)
	d := c.engines.base.decode
	encoded := func(s string) string { return "v: " + base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, path, raw string
		want            bool
	}{
		{"nothing they need", "a.go", encoded("token = abcdefghijklmnop"), false},
		{"a key header in the text", "a.go", "-----BEGIN RSA PRIVATE KEY-----\n" + encoded("x = abcdefghijklmnop"), true},
		{"a key header encoded", "a.go", encoded("-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----"), true},
		{"a YAML-only rule outside YAML", "a.go", "kind: Secret\ndata:\n" + encoded("password = abcdefghijklmnop"), false},
		{"a YAML-only rule in YAML", "s.yaml", "kind: Secret\ndata:\n" + encoded("password = abcdefghijklmnop"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var decoded []string
			for _, w := range d.decodeWindows(tt.raw) {
				decoded = append(decoded, decodedTexts(w.text)...)
			}
			if got := d.wholeMayFind(tt.path, tt.raw, decoded); got != tt.want {
				t.Errorf("wholeMayFind = %v, want %v", got, tt.want)
			}
		})
	}
}

// A policy's rules go through the same shortcuts and must keep gitleaks'
// results: a rule without keywords (run on every fragment and window), one
// with upper-case keywords and one whose matches span lines without bound.
func TestPolicyRulesFindWhatTheDecodingDetectorFinds(t *testing.T) {
	g := newGen(43)
	c := newCheck(t)
	rules := []config.SecretRule{
		{ID: "internal-token", Description: "internal", Regex: `(?i)(?:key|token)[ \t]*[:=][ \t]*["']?([a-z0-9]{16,40})`},
		{ID: "acme-api-key", Description: "ACME", Regex: `\b(ACME_live_[A-Za-z0-9]{24})\b`, Keywords: []string{"ACME_LIVE_"}},
		{ID: "acme-block", Description: "ACME block", Regex: `(?s)BEGIN ACME(.+?)END ACME`, Keywords: []string{"begin acme"}},
	}
	e, err := c.engines.forRules(rules)
	if err != nil {
		t.Fatal(err)
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	pieces := []func() string{
		func() string { return g.fillerLine("go") },
		func() string { return g.fillerLine("go") },
		func() string { return "token = " + g.str(base62, 20) },
		func() string { return "cfg: " + b64("key: "+g.str(base62, 24)) },
		func() string { return "ACME_live_" + g.str(base62, 24) },
		func() string { return "v = " + b64("ACME_live_"+g.str(base62, 24)) },
		func() string { return "BEGIN ACME" },
		func() string { return "END ACME" },
		func() string { return b64("BEGIN ACME\n" + g.str(base62, 30) + "\nEND ACME") },
	}
	found := 0
	for range 80 {
		raw := strings.Join(g.lines(pieces, 5, 80, 6), "\n")
		want, got := compareHits(e.full(), e, raw)
		if !maps.Equal(want, got) {
			t.Fatalf("fragment:\n%s\ndecoding detector: %v\nengine: %v", raw, want, got)
		}
		found += len(want)
	}
	if found < 100 {
		t.Errorf("only %d findings compared: the test does not exercise the policy's rules", found)
	}
}

// Where the windows cannot serve a fragment, its rules are those that may
// find something in its text or in one of its decoding passes' (see
// decodingDetect), and each keeps its keywords: gitleaks tests them pass by
// pass, so a rule whose keyword only a decoded text holds finds nothing in
// the text as written, even where its pattern matches there.
func TestDecodingDetectFindsWhatTheDecodingDetectorFinds(t *testing.T) {
	c := newCheck(t)
	rules := []config.SecretRule{
		{ID: "deploy-token", Description: "deploy token", Regex: `\b(tok_[a-z]{20})\b`, Keywords: []string{"deploy"}},
	}
	e, err := c.engines.forRules(rules)
	if err != nil {
		t.Fatal(err)
	}
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	token := "tok_abcdefghijklmnopqrst"
	tests := []struct {
		name, raw string
		want      int // findings of deploy-token
	}{
		{"keyword as written", "deploy: " + token, 1},
		{"keyword only decoded, pattern as written", token + "\n" + b64("deploy settings for prod"), 0},
		{"keyword and pattern decoded", "x = " + b64("deploy = "+token), 1},
		{"neither", token + "\n" + b64("nothing to see here at all"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frag := detect.Fragment{Raw: tt.raw, FilePath: "a.txt", StartLine: 1}
			count := func(fs []report.Finding) (n int) {
				for _, f := range fs {
					if f.RuleID == "deploy-token" {
						n++
					}
				}
				return n
			}
			want := e.full().DetectContext(context.Background(), frag)
			got := e.decodingDetect(context.Background(), frag)
			if count(want) != tt.want {
				t.Fatalf("gitleaks' detector found %d, the test expects %d", count(want), tt.want)
			}
			if len(got) != len(want) || count(got) != count(want) {
				t.Errorf("decodingDetect found %d (%d of the rule), the detector of all rules %d (%d)", len(got), count(got), len(want), count(want))
			}
		})
	}
}
