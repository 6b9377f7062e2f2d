package githubtest

import (
	"strconv"
	"strings"
)

// unifiedPatch is the hunks of a git unified diff of before -> after with
// three lines of context, as GitHub's `patch` field carries them: no file
// header, `@@ -a,b +c,d @@ <function context>` hunk headers, `\ No newline at
// end of file` markers, line endings preserved, no trailing newline.
// It returns the patch and the number of added and deleted lines.
func unifiedPatch(before, after string) (patch string, additions, deletions int) {
	a, b := splitLines(before), splitLines(after)
	del, ins := diffLines(a, b)
	for _, x := range del {
		if x {
			deletions++
		}
	}
	for _, x := range ins {
		if x {
			additions++
		}
	}
	if additions == 0 && deletions == 0 {
		return "", 0, 0
	}
	const ctx = 3
	ops := make([]editOp, 0, len(a)+additions)
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && del[i]:
			ops = append(ops, editOp{'-', i, j})
			i++
		case j < len(b) && ins[j]:
			ops = append(ops, editOp{'+', i, j})
			j++
		default:
			ops = append(ops, editOp{' ', i, j})
			i++
			j++
		}
	}
	var sb strings.Builder
	for start := 0; start < len(ops); {
		if ops[start].kind == ' ' {
			start++
			continue
		}
		// A hunk runs from ctx lines before the first change to ctx lines
		// after the last change that is at most 2*ctx unchanged lines from the next.
		lo := start - ctx
		if lo < 0 {
			lo = 0
		}
		end := start
		for k := start; k < len(ops); k++ {
			if ops[k].kind != ' ' {
				end = k
				continue
			}
			if k-end > 2*ctx {
				break
			}
		}
		hi := end + ctx + 1
		if hi > len(ops) {
			hi = len(ops)
		}
		writeHunk(&sb, a, b, ops[lo:hi])
		start = hi
	}
	return strings.TrimSuffix(sb.String(), "\n"), additions, deletions
}

// editOp is one line of the edit script: ' ', '-' or '+', with the index of
// the line in a (for ' ' and '-') and in b (for ' ' and '+'), or of the next
// line on the side it does not touch.
type editOp struct {
	kind   byte
	ai, bi int
}

// writeHunk writes one hunk: its header, then its lines.
func writeHunk(sb *strings.Builder, a, b []string, ops []editOp) {
	var na, nb int
	for _, o := range ops {
		if o.kind != '+' {
			na++
		}
		if o.kind != '-' {
			nb++
		}
	}
	sb.WriteString("@@ -")
	sb.WriteString(hunkRange(ops[0].ai, na))
	sb.WriteString(" +")
	sb.WriteString(hunkRange(ops[0].bi, nb))
	sb.WriteString(" @@")
	if fn := funcContext(a, ops[0].ai); fn != "" {
		sb.WriteByte(' ')
		sb.WriteString(fn)
	}
	sb.WriteByte('\n')
	for _, o := range ops {
		var line string
		if o.kind == '+' {
			line = b[o.bi]
		} else {
			line = a[o.ai]
		}
		sb.WriteByte(o.kind)
		sb.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats one side of a hunk header as git does: "start,count",
// the count left out when it is 1, and the start being the line before the
// hunk when the side is empty.
func hunkRange(index, count int) string {
	start := index + 1
	if count == 0 {
		start = index
	}
	if count == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(count)
}

// funcContext is git's default hunk-header context: the closest line above
// the hunk that starts with a letter, '_' or '$', cut to 80 bytes and
// stripped of trailing whitespace.
func funcContext(a []string, hunkStart int) string {
	for i := hunkStart - 1; i >= 0; i-- {
		l := a[i]
		if l == "" {
			continue
		}
		c := l[0]
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' {
			if len(l) > 80 {
				l = l[:80]
			}
			return strings.TrimRight(l, " \t\r\n\v\f")
		}
	}
	return ""
}
