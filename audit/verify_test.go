package audit

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// writeLog records n events, actors user-1..user-n, into a fresh file.
func writeLog(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := New(path, WithLogger(zerolog.Nop()))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		l.Record(context.Background(), Event{Kind: KindVerdict, Repo: "acme/app", PR: i, SHA: "0123abcd",
			Actor: "user-" + strconv.Itoa(i), Outcome: "success"})
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(string(b), "\n")[:strings.Count(string(b), "\n")]
}

func writeLines(t *testing.T, path string, lines []string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600); err != nil {
		t.Fatal(err)
	}
}

// forge builds a well-formed record, as an attacker who knows the format
// would, with a correct hash of the line it claims to follow.
func forge(t *testing.T, seq int, follows string, actor string) string {
	t.Helper()
	prev := zeroHash
	if follows != "" {
		prev = hashLine([]byte(strings.TrimSuffix(follows, "\n")))
	}
	b, err := json.Marshal(lineOut{Seq: seq, Time: "2025-01-01T00:00:00Z", Prev: prev,
		Event: Event{Kind: KindOverrideUsed, Repo: "acme/app", Actor: actor, Outcome: "allowed"}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func TestVerifyFileFindsTheFirstBadRecord(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t *testing.T, path string, lines []string) []string
		want    *TamperError // Why is matched as a substring
		records int          // records before the bad one
	}{
		{"untouched", func(_ *testing.T, _ string, l []string) []string { return l }, nil, 6},
		{"edit a middle record", func(_ *testing.T, _ string, l []string) []string {
			l[2] = strings.Replace(l[2], "user-3", "mallory", 1)
			return l
		}, &TamperError{3, 3, Edited, "no longer matches the prev link of seq 4"}, 2},
		{"edit the last record", func(_ *testing.T, _ string, l []string) []string {
			l[5] = strings.Replace(l[5], "success", "failure", 1)
			return l
		}, &TamperError{6, 6, Edited, "head file"}, 5},
		{"edit a record's seq", func(_ *testing.T, _ string, l []string) []string {
			l[2] = strings.Replace(l[2], `"seq":3`, `"seq":9`, 1)
			return l
		}, &TamperError{3, 3, Edited, "its seq reads 9 where 3 was expected"}, 2},
		{"edit a record's prev link", func(t *testing.T, _ string, l []string) []string {
			var r lineOut
			if err := json.Unmarshal([]byte(l[2]), &r); err != nil {
				t.Fatal(err)
			}
			r.Prev = strings.Repeat("ab", 32)
			b, _ := json.Marshal(r)
			l[2] = string(b) + "\n"
			return l
		}, &TamperError{3, 3, Edited, "nothing links to it"}, 2},
		{"replace a record with garbage", func(_ *testing.T, _ string, l []string) []string {
			l[2] = "{not json\n"
			return l
		}, &TamperError{3, 3, Edited, "not a valid audit record"}, 2},
		{"replace a record with a huge line", func(_ *testing.T, _ string, l []string) []string {
			l[2] = strings.Repeat("x", 3*maxLine) + "\n"
			return l
		}, &TamperError{3, 3, Edited, "longer than any audit record"}, 2},
		{"delete a record", func(_ *testing.T, _ string, l []string) []string {
			return append(l[:2:2], l[3:]...)
		}, &TamperError{3, 3, Removed, "seq 3 is missing"}, 2},
		{"delete two records", func(_ *testing.T, _ string, l []string) []string {
			return append(l[:2:2], l[4:]...)
		}, &TamperError{3, 3, Removed, "seqs 3 to 4 are missing"}, 2},
		{"delete the first record", func(_ *testing.T, _ string, l []string) []string {
			return l[1:]
		}, &TamperError{1, 1, Removed, "seq 1 is missing: seq 2 comes at the start of the file"}, 0},
		{"insert a forged record with a recomputed hash", func(t *testing.T, _ string, l []string) []string {
			return append(l[:2:2], append([]string{forge(t, 3, l[1], "mallory")}, l[2:]...)...)
		}, &TamperError{3, 3, Inserted, "seq 3 appears twice and the chain continues from the copy at line 4"}, 2},
		{"insert a forged copy after the genuine record", func(t *testing.T, _ string, l []string) []string {
			return append(l[:3:3], append([]string{forge(t, 3, l[1], "mallory")}, l[3:]...)...)
		}, &TamperError{4, 3, Inserted, "not part of the chain"}, 3},
		{"insert a record that links to nothing", func(t *testing.T, _ string, l []string) []string {
			return append(l[:2:2], append([]string{forge(t, 7, "garbage", "mallory")}, l[2:]...)...)
		}, &TamperError{3, 7, Inserted, "not part of the chain"}, 2},
		{"append a forged record at the end", func(t *testing.T, _ string, l []string) []string {
			return append(l, forge(t, 7, l[5], "mallory"))
		}, &TamperError{7, 7, Inserted, "head file records seq 6 as the last"}, 6},
		{"swap two records", func(_ *testing.T, _ string, l []string) []string {
			l[2], l[3] = l[3], l[2]
			return l
		}, &TamperError{3, 4, Reordered, "it follows seq 3, which comes later, at line 4"}, 2},
		{"move a record down", func(_ *testing.T, _ string, l []string) []string {
			return []string{l[0], l[2], l[3], l[1], l[4], l[5]}
		}, &TamperError{2, 3, Reordered, "it follows seq 2, which comes later, at line 4"}, 1},
		{"truncate inside the last record", func(_ *testing.T, _ string, l []string) []string {
			l[5] = l[5][:len(l[5])-10]
			return l
		}, &TamperError{6, 6, Edited, "cut short"}, 5},
		{"truncate at a record boundary", func(_ *testing.T, _ string, l []string) []string {
			return l[:4]
		}, &TamperError{5, 5, Removed, "the end of the file was cut off"}, 4},
		{"empty the file", func(_ *testing.T, _ string, l []string) []string {
			return nil
		}, &TamperError{1, 1, Removed, "the file is empty"}, 0},
		{"garble the head file", func(t *testing.T, path string, l []string) []string {
			if err := os.WriteFile(path+HeadSuffix, []byte("{}"), 0o600); err != nil {
				t.Fatal(err)
			}
			return l
		}, &TamperError{0, 0, Edited, "does not hold a valid seq and hash"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeLog(t, 6)
			writeLines(t, path, tt.tamper(t, path, readLines(t, path)))
			records, err := VerifyFile(path)
			if tt.want == nil {
				if err != nil || records != tt.records {
					t.Fatalf("VerifyFile = %d, %v; want %d records, nil", records, err, tt.records)
				}
				return
			}
			var te *TamperError
			if !errors.As(err, &te) {
				t.Fatalf("VerifyFile error = %v, want a *TamperError", err)
			}
			if te.Line != tt.want.Line || te.Seq != tt.want.Seq || te.Kind != tt.want.Kind || !strings.Contains(te.Why, tt.want.Why) {
				t.Errorf("got %+v\nwant %+v", *te, *tt.want)
			}
			if records != tt.records {
				t.Errorf("records = %d, want %d", records, tt.records)
			}
		})
	}
}

// Without the head file only the links between records are checked: an
// edit of the last record, which nothing links to, goes unnoticed. This is
// why the Logger keeps the head file and VerifyFile reads it.
func TestVerifyWithoutHeadCannotSeeAnEditedLastRecord(t *testing.T) {
	path := writeLog(t, 3)
	lines := readLines(t, path)
	lines[2] = strings.Replace(lines[2], "user-3", "mallory", 1)
	records, err := Verify(strings.NewReader(strings.Join(lines, "")))
	if err != nil || records != 3 {
		t.Errorf("Verify = %d, %v; want 3, nil", records, err)
	}
	lines[1] = strings.Replace(lines[1], "user-2", "mallory", 1)
	if _, err := Verify(strings.NewReader(strings.Join(lines, ""))); err == nil {
		t.Error("Verify missed an edited middle record")
	}
}

func TestTamperErrorMessage(t *testing.T) {
	tests := []struct {
		err  TamperError
		want string
	}{
		{TamperError{3, 3, Edited, "why"}, "line 3: record seq 3 was edited: why"},
		{TamperError{0, 0, Edited, "bad"}, "head file was edited: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
