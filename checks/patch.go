package checks

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ParsePatch returns the lines a unified-diff patch adds, each with its line
// number in the new file. It takes GitHub's patch form (hunks only, no file
// header, any amount of context) and also skips git's "diff --git"/"---"/"+++"
// headers, so the same parser serves local diffs. A patch whose hunks do not
// add up to their headers is an error, never a silent partial result: a
// shifted line number would put a finding on the wrong line. Errors never
// quote the patch: it may hold a secret.
func ParsePatch(patch string) ([]Line, error) {
	if patch == "" {
		return nil, nil
	}
	var out []Line
	// Sized up front, and the lines are not split into a slice: a local diff
	// has hundreds of thousands of lines, and growing these was a third of a
	// scan's allocations.
	if n := strings.Count(patch, "\n+"); n > 0 {
		out = make([]Line, 0, n+1)
	}
	oldLeft, newLeft, newNo := 0, 0, 0
	inHunk := false
	i := -1
	// Without the patch's own final newline, as strings.Split would leave an
	// empty last line for it.
	for l := range strings.SplitSeq(strings.TrimSuffix(patch, "\n"), "\n") {
		i++
		if strings.HasPrefix(l, "@@") {
			if oldLeft > 0 || newLeft > 0 {
				return nil, fmt.Errorf("hunk ending before line %d of the patch is %d old and %d new lines short of its header", i+1, oldLeft, newLeft)
			}
			start, oldCount, newCount, err := parseHunkHeader(l)
			if err != nil {
				return nil, fmt.Errorf("line %d of the patch: %w", i+1, err)
			}
			oldLeft, newLeft, newNo, inHunk = oldCount, newCount, start, true
			continue
		}
		if !inHunk || (oldLeft == 0 && newLeft == 0) {
			if strings.HasPrefix(l, `\`) || isFileHeader(l) || !inHunk {
				continue
			}
			return nil, fmt.Errorf("line %d of the patch is outside any hunk", i+1)
		}
		if l == "" {
			l = " " // some tools strip the space of an empty context line
		}
		switch l[0] {
		case '+':
			if newLeft == 0 {
				return nil, fmt.Errorf("line %d of the patch adds more lines than its hunk header says", i+1)
			}
			out = append(out, Line{No: newNo, Text: l[1:]})
			newNo++
			newLeft--
		case '-':
			if oldLeft == 0 {
				return nil, fmt.Errorf("line %d of the patch removes more lines than its hunk header says", i+1)
			}
			oldLeft--
		case ' ':
			if oldLeft == 0 || newLeft == 0 {
				return nil, fmt.Errorf("line %d of the patch has more context than its hunk header says", i+1)
			}
			newNo++
			oldLeft--
			newLeft--
		case '\\':
			// "\ No newline at end of file" belongs to the line before it.
		default:
			return nil, fmt.Errorf("line %d of the patch starts with %q, not ' ', '+', '-' or '\\'", i+1, l[0])
		}
	}
	if oldLeft > 0 || newLeft > 0 {
		return nil, fmt.Errorf("patch ends %d old and %d new lines short of its last hunk header (truncated?)", oldLeft, newLeft)
	}
	if len(out) == 0 {
		return nil, nil // as before sizing: callers tell "no lines" by nil
	}
	return out, nil
}

func isFileHeader(l string) bool {
	for _, p := range []string{"diff --git ", "--- ", "+++ ", "index ", "new file mode", "deleted file mode", "old mode", "new mode", "similarity index", "rename from", "rename to", "copy from", "copy to", "Binary files"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// parseHunkHeader reads "@@ -a[,b] +c[,d] @@ section".
func parseHunkHeader(l string) (newStart, oldCount, newCount int, err error) {
	rest, ok := strings.CutPrefix(l, "@@ -")
	end := strings.Index(rest, " @@")
	if !ok || end < 0 {
		return 0, 0, 0, errors.New("malformed hunk header")
	}
	oldPart, newPart, ok := strings.Cut(rest[:end], " +")
	if !ok {
		return 0, 0, 0, errors.New("malformed hunk header")
	}
	if _, oldCount, err = parseRange(oldPart); err != nil {
		return 0, 0, 0, fmt.Errorf("malformed hunk header: %w", err)
	}
	if newStart, newCount, err = parseRange(newPart); err != nil {
		return 0, 0, 0, fmt.Errorf("malformed hunk header: %w", err)
	}
	if newCount == 0 {
		newStart++ // "+0,0" or "+5,0": nothing added; keep numbering harmless
	} else if newStart == 0 {
		// Lines are numbered from 1: a finding on line 0 points nowhere.
		return 0, 0, 0, errors.New("malformed hunk header: new lines start at line 0")
	}
	return newStart, oldCount, newCount, nil
}

func parseRange(s string) (start, count int, err error) {
	a, b, hasCount := strings.Cut(s, ",")
	if start, err = strconv.Atoi(a); err != nil || start < 0 {
		return 0, 0, errors.New("bad line number")
	}
	count = 1
	if hasCount {
		if count, err = strconv.Atoi(b); err != nil || count < 0 {
			return 0, 0, errors.New("bad line count")
		}
	}
	return start, count, nil
}

// AddedRuns splits added lines into runs of consecutive line numbers, the unit
// a secret scanner reads at once so that multi-line secrets stay whole.
func AddedRuns(lines []Line) [][]Line {
	var runs [][]Line
	start := 0
	for i := 1; i <= len(lines); i++ {
		if i == len(lines) || lines[i].No != lines[i-1].No+1 {
			runs = append(runs, lines[start:i])
			start = i
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return runs
}
