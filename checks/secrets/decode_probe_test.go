package secrets

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect/codec"
)

// mayDecode may only say no where gitleaks' own decoder finds nothing: else
// an encoded secret would go unseen. Checked against the decoder on texts
// built to sit on the edges of each encoding.
func TestMayDecodeNeverMissesWhatGitleaksDecodes(t *testing.T) {
	g := newGen(20)
	printableText := func(n int) string {
		return g.str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :=\"{}_-./", n)
	}
	wrap := []func(string) string{
		func(s string) string { return s },
		func(s string) string { return "data: " + s + "\n" },
		func(s string) string { return "x_" + s + "_y" }, // glued to word characters
		func(s string) string { return "a" + s },         // shifts the alignment
		func(s string) string { return "ab" + s + "==" },
		func(s string) string { return "abc" + s + "+" },
		func(s string) string { return "k=" + s + ";" + g.sha256Hex() },
	}
	encodings := []func(string) string{
		func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		func(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) },
		func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) },
		func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) },
		func(s string) string { return hex.EncodeToString([]byte(s)) },
		func(s string) string { return strings.ToUpper(hex.EncodeToString([]byte(s))) },
		func(s string) string { return url.QueryEscape(s) },
		func(s string) string {
			var b strings.Builder
			for _, r := range s {
				b.WriteString(`\u00` + hex.EncodeToString([]byte{byte(r)}))
			}
			return b.String()
		},
	}
	decoded, probed := 0, 0
	for i := 0; i < 3000; i++ {
		text := printableText(4 + g.r.IntN(60))
		enc := encodings[i%len(encodings)](text)
		s := wrap[(i/len(encodings))%len(wrap)](enc)
		if i%5 == 0 {
			s = enc[:len(enc)/2] + " " + enc[len(enc)/2:] // a segment cut in two
		}
		_, segments := codec.NewDecoder().Decode(s, nil)
		if len(segments) > 0 {
			decoded++
			if !mayDecode(s) {
				t.Fatalf("gitleaks decodes %q but mayDecode says no", s)
			}
		}
		if mayDecode(s) {
			probed++
		}
	}
	if decoded < 1000 {
		t.Fatalf("only %d of the texts decode: the test does not exercise the probe", decoded)
	}
	t.Logf("%d texts decoded by gitleaks, %d probed as decodable", decoded, probed)
}

// The probe exists to skip the decoding pass on ordinary code; it must say
// no to what ordinary code and the usual hashes look like.
func TestMayDecodeSaysNoToOrdinaryText(t *testing.T) {
	g := newGen(21)
	var lines []string
	for i := 0; i < 300; i++ {
		lines = append(lines, g.fillerLine("go"))
	}
	tests := []struct{ name, text string }{
		{"code", strings.Join(lines, "\n")},
		{"sha256 and sha1", g.sha256Hex() + "  file.tar.gz\ncommit " + g.sha1Hex()},
		{"uuid", `"id": "` + g.uuid() + `"`},
		{"go.sum", g.goSumLine() + "\n" + g.goSumLine()},
		{"identifiers", "request_handler_configuration := newRequestHandlerConfiguration(server_options)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, segments := codec.NewDecoder().Decode(tt.text, nil)
			if len(segments) == 0 && mayDecode(tt.text) {
				t.Errorf("probe says yes to text gitleaks finds nothing to decode in")
			}
		})
	}
}

// decodes reports whether gitleaks' decoder finds a segment to decode in s:
// the tests' way to tell the fragments that exercise decoding.
func decodes(s string) bool {
	_, segments := codec.NewDecoder().Decode(s, nil)
	return len(segments) > 0
}
