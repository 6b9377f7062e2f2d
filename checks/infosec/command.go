package infosec

import (
	"regexp"
	"strings"
)

// overrideCommand matches "/gatehouse override <reason>" at the start of a
// line, so that quoting someone's command inside a sentence is not one.
var overrideCommand = regexp.MustCompile(`(?m)^\s*/gatehouse\s+override\b[ \t]*(.*)$`)

// ParseOverrideCommand returns the reason of an override command in a
// comment, and whether the comment holds one. A command without a reason is
// still a command: DecideOverride refuses it and says why, so the commenter
// hears back instead of being ignored.
func ParseOverrideCommand(body string) (reason string, ok bool) {
	m := overrideCommand.FindStringSubmatch(body)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}
