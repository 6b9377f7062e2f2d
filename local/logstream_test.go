package local

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadRecords splits a stream into commits wherever the markers fall in
// the read buffer, including across two reads of it.
func TestReadRecords(t *testing.T) {
	marker := "\x00GHnonce\x00"
	long := strings.Repeat("+line\n", 40) // several buffers of 16 bytes
	tests := []struct {
		name   string
		stream string
		want   []string // "id:body"
	}{
		{"nothing", "", nil},
		{"one commit", marker + "a1\x00body", []string{"a1:body"}},
		{"an empty diff", marker + "a1\x00" + marker + "b2\x00x", []string{"a1:", "b2:x"}},
		{"long diffs", marker + "a1\x00" + long + marker + "b2\x00" + long + "end", []string{"a1:" + long, "b2:" + long + "end"}},
		{"a marker-like text", marker + "a1\x00\x00GHnonc\x00GH" + marker + "b2\x00", []string{"a1:\x00GHnonc\x00GH", "b2:"}},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			t.Run(tt.name, func(t *testing.T) {
				var src io.Reader = strings.NewReader(tt.stream)
				if oneByte {
					src = iotest.OneByteReader(src)
				}
				var got []string
				readErr, handleErr := readRecords(bufio.NewReaderSize(src, 16), []byte(marker), nil, func(sha string, body io.Reader) error {
					b, err := io.ReadAll(body)
					got = append(got, sha+":"+string(b))
					return err
				})
				if readErr != nil || handleErr != nil {
					t.Fatalf("errors %v, %v", readErr, handleErr)
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			})
		}
	}
	t.Run("what a handler leaves unread is skipped", func(t *testing.T) {
		var got []string
		stream := marker + "a1\x00" + long + marker + "b2\x00tail"
		_, _ = readRecords(bufio.NewReaderSize(strings.NewReader(stream), 16), []byte(marker), nil, func(sha string, body io.Reader) error {
			b := make([]byte, 3)
			n, _ := io.ReadFull(body, b)
			got = append(got, sha+":"+string(b[:n]))
			return nil
		})
		if want := "a1:+li|b2:tai"; strings.Join(got, "|") != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("text before the first marker", func(t *testing.T) {
		_, handleErr := readRecords(bufio.NewReaderSize(strings.NewReader("junk"+marker+"a1\x00"), 16), []byte(marker), nil, func(string, io.Reader) error { return nil })
		if handleErr == nil {
			t.Error("want an error")
		}
	})
	t.Run("a handler's error stops the stream", func(t *testing.T) {
		stop := errors.New("stop")
		calls := 0
		_, handleErr := readRecords(bufio.NewReaderSize(strings.NewReader(marker+"a1\x00x"+marker+"b2\x00y"), 16), []byte(marker), nil, func(string, io.Reader) error {
			calls++
			return stop
		})
		if handleErr != stop || calls != 1 {
			t.Errorf("got %v after %d calls, want the handler's error after 1", handleErr, calls)
		}
	})
	t.Run("a failed git is the last record's read error", func(t *testing.T) {
		gitFailed := errors.New("git: exit status 128")
		for _, oneByte := range []bool{false, true} {
			var src io.Reader = strings.NewReader(marker + "a1\x00x" + marker + "b2\x00half of a di")
			if oneByte {
				src = iotest.OneByteReader(src)
			}
			ends := 0
			got := map[string]error{}
			readErr, handleErr := readRecords(bufio.NewReaderSize(src, 16), []byte(marker), func() error { ends++; return gitFailed }, func(sha string, body io.Reader) error {
				_, err := io.ReadAll(body)
				got[sha] = err
				return nil
			})
			if got["a1"] != nil || !errors.Is(got["b2"], gitFailed) {
				t.Errorf("read errors %v, want none for a1 and git's for b2, the commit it cut short", got)
			}
			if !errors.Is(readErr, gitFailed) || handleErr != nil || ends != 1 {
				t.Errorf("got %v, %v after %d end calls; want git's error as the read error, once", readErr, handleErr, ends)
			}
		}
	})
}
