package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse-sec/gatehouse/local/localtest"
)

func TestCheckConfigFiles(t *testing.T) {
	good := writeTemp(t, "good.yml", "version: 1\ndlp:\n  forbidden: [\"**/*.csv\"]\n  max_file_size: 2MB\n")
	typo := writeTemp(t, "typo.yml", "version: 1\ndlpp: {}\n")
	bad := writeTemp(t, "bad.yml", "version: 1\nsecrets:\n  enabled: maybe\n")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
		notStdout  []string
	}{
		{"one valid file", []string{good}, 0, []string{good + ": valid"}, nil, nil},
		{"an invalid file after a valid one", []string{good, typo}, 1,
			[]string{good + ": valid"}, []string{typo + `:2:1: dlpp: unknown key "dlpp"`}, nil},
		{"each invalid file reports its problems", []string{typo, good, bad}, 1,
			[]string{good + ": valid"}, []string{typo + ":2:1:", bad + ":3:12: secrets.enabled"}, nil},
		{"an unreadable file among valid ones", []string{good, "/nope.yml"}, 2,
			[]string{good + ": valid"}, []string{"/nope.yml"}, nil},
		{"--print-effective after the file", []string{good, "--print-effective"}, 0,
			[]string{"# " + good + " with every default filled in", "fail_on_severity: high", "- '**/*.csv'", "max_file_size: 2MB"},
			nil, []string{": valid"}},
		{"--print-effective shows the built-in lists", []string{"--print-effective", good}, 0,
			[]string{"forbidden_files:", "glob: '**/id_rsa'", "reason: SSH private key", "only_if_content_has: PRIVATE KEY", "sensitive_areas:", ".github/workflows/**", "- .security.yml"},
			nil, nil},
		{"--print-effective prints nothing for an invalid file", []string{"--print-effective", typo}, 1,
			nil, []string{`unknown key "dlpp"`}, []string{"forbidden_files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runGatehouse(append([]string{"check-config"}, tt.args...)...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, w := range tt.notStdout {
				if strings.Contains(r.stdout, w) {
					t.Errorf("stdout has %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestCheckConfigFindsTheRepositoryPolicy runs check-config with no file
// from a subdirectory: the policy is the repository's, at its top level.
func TestCheckConfigFindsTheRepositoryPolicy(t *testing.T) {
	g := localtest.New(t)
	g.Write(".security.yml", "version: 1\ndlp:\n  binary: maybe\n").Write("src/app/main.go", "package main\n").Commit("init")
	tests := []struct {
		name, dir, want string
	}{
		{"from the top", "", ".security.yml:3:11: dlp.binary"},
		{"from a subdirectory", "src/app", filepath.Join("..", "..", ".security.yml") + ":3:11: dlp.binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(filepath.Join(g.Dir, tt.dir))
			r := runGatehouse("check-config")
			if r.code != 1 || !strings.HasPrefix(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
	t.Run("outside a repository", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".security.yml"), []byte("version: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		r := runGatehouse("check-config")
		if r.code != 0 || r.stdout != ".security.yml: valid\n" {
			t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	})
}
