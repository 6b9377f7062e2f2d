package secrets

import (
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// realTexts returns real text files to scan: gitleaks' own rule definitions
// (each with true and false positive examples of its rule) and test data,
// from the module cache, where `go list` finds the version this module
// builds with; keyed by path relative to the module.
func realTexts(t *testing.T) map[string]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/zricethezav/gitleaks/v8").Output()
	if err != nil {
		t.Fatalf("failed to locate gitleaks' module: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	texts := map[string]string{}
	for _, sub := range []string{"cmd/generate/config/rules", "testdata"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if isText(b) && len(b) < 1<<20 {
				rel, _ := filepath.Rel(dir, p)
				texts[rel] = string(b)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("failed to read gitleaks' %s: %v", sub, err)
		}
	}
	if len(texts) < 200 {
		t.Fatalf("only %d files read from %s", len(texts), dir)
	}
	return texts
}

// fragmentsOf cuts text into runs of n lines, as a diff's hunks cut a file.
func fragmentsOf(text string, n int) []string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); i += n {
		out = append(out, strings.Join(lines[i:min(i+n, len(lines))], "\n"))
	}
	return out
}

// The engine runs fewer detector calls than gitleaks (rules whose keywords
// are absent, gated rules, generic windows, decode windows): on real files,
// whole and in pieces, it must find exactly what gitleaks' own detector
// finds.
func TestEngineFindsWhatGitleaksFindsInRealTexts(t *testing.T) {
	c := newCheck(t)
	e := c.engines.base
	full := e.full()
	compared := 0
	for path, text := range realTexts(t) {
		for _, raw := range append(fragmentsOf(text, 25), text) {
			want, got := compareHits(full, e, raw)
			if !maps.Equal(want, got) {
				t.Fatalf("%s: fragment:\n%s\ngitleaks: %v\nengine: %v", path, raw, want, got)
			}
			compared += len(want)
		}
	}
	if compared < 500 {
		t.Fatalf("only %d findings compared", compared)
	}
	t.Logf("%d findings compared", compared)
}
