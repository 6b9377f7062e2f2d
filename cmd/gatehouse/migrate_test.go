package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrate: `gatehouse migrate` creates the tables, is a no-op the
// second time, and refuses a database it cannot use with exit 1.
func TestMigrate(t *testing.T) {
	db := "sqlite://" + filepath.Join(t.TempDir(), "gatehouse.db")
	cases := []struct {
		name, url string
		code      int
		stdout    string
		stderr    string
	}{
		{"fresh", db, 0, `"database migrated"`, ""},
		{"again", db, 0, "is up to date", ""},
		{"unknown kind", "mysql://db/gatehouse", 1, "", "neither sqlite://PATH nor postgres://"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"migrate"}, &out, &errb, func(k string) string {
				if k == "GATEHOUSE_DATABASE_URL" {
					return c.url
				}
				return ""
			})
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, errb.String())
			}
			if c.name == "again" && strings.Contains(out.String(), "database migrated") {
				t.Errorf("the second run migrated again:\n%s", out.String())
			}
			if !strings.Contains(errb.String(), c.stderr) {
				t.Errorf("stderr %q lacks %q", errb.String(), c.stderr)
			}
			if c.stdout != "" && !strings.Contains(out.String(), c.stdout) {
				t.Errorf("stdout %q lacks %q", out.String(), c.stdout)
			}
		})
	}
}
