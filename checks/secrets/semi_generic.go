package secrets

import (
	"regexp/syntax"
	"strings"

	gconfig "github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

// Most of gitleaks' provider rules (106 of its 222) are written by its
// GenerateSemiGenericRegex: a name ending in one of the provider's words, an
// assignment, a value. Their patterns share the generic rule's frame, so
// their matches lie in the same windows as the generic rule's (see
// genericWindows): a match starts on a line holding one of the rule's
// keywords and ends within the lines the frame's blanks reach. Run on the
// whole of a fragment that holds a keyword, such a rule cost a tenth of
// gitleaks/gitleaks' history scan (mostly building its DFA's states over
// text that cannot match); on its windows, a third of that.
const (
	// semiGenericStart and semiGenericStartCased open the frame, with the
	// name case-insensitive and with the whole pattern so.
	semiGenericStart      = `(?i)[\w.-]{0,50}?(?:`
	semiGenericStartCased = `[\w.-]{0,50}?(?i:[\w.-]{0,50}?(?:`
	// semiGenericMiddle and semiGenericMiddleCased follow the words, up to
	// the value's group.
	semiGenericMiddle      = `)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}(`
	semiGenericMiddleCased = `)(?:[ \t\w.-]{0,20})[\s'"]{0,3})(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}(`
	semiGenericEnd         = `)(?:[\x60'"\s;]|\\[nr]|$)`
)

// semiGenericRule is a rule run on the windows of its keywords' lines.
type semiGenericRule struct {
	keywords *keywordMatcher
	// detector has the rule without its keywords: each window holds one.
	detector *detect.Detector
}

// isSemiGeneric reports whether a rule's matches lie in its keywords' windows:
// its pattern is the semi-generic frame, exactly, around words whose every
// match holds one of its keywords and ends with a character the window's
// reach reckons with (see genericReachFrom), and a value that holds no
// newline. The answer errs on the side of no: such a rule runs on the
// whole fragment, as gitleaks runs it.
func isSemiGeneric(r gconfig.Rule) bool {
	if r.Regex == nil || len(r.Keywords) == 0 || len(r.RequiredRules) > 0 {
		return false
	}
	pattern := r.Regex.String()
	words, rest, ok := cutFrame(pattern, semiGenericStart, semiGenericMiddle)
	if !ok {
		words, rest, ok = cutFrame(pattern, semiGenericStartCased, semiGenericMiddleCased)
	}
	value, ended := strings.CutSuffix(rest, semiGenericEnd)
	if !ok || !ended {
		return false
	}
	wordsRE, err := syntax.Parse(words, syntax.Perl)
	if err != nil {
		return false
	}
	valueRE, err := syntax.Parse(value, syntax.Perl)
	if err != nil || newlines(valueRE) > 0 || newlines(wordsRE) > 0 {
		return false
	}
	keywords := make([]string, len(r.Keywords))
	for i, k := range r.Keywords {
		if k == "" {
			return false
		}
		keywords[i] = strings.ToLower(k)
	}
	// Under (?i) the words' letters also match their other cases, which
	// end a line as the lower-case ones do.
	ss, ok := literalStrings(wordsRE)
	if !ok || !allContainAny(ss, keywords) {
		return false
	}
	for _, s := range ss {
		if s == "" || !mayPrecedeBlanks(s[len(s)-1]) {
			return false
		}
	}
	return true
}

// cutFrame returns what pattern holds between start, at its beginning, and
// the first middle after it, and what follows middle.
func cutFrame(pattern, start, middle string) (words, rest string, ok bool) {
	after, ok := strings.CutPrefix(pattern, start)
	if !ok {
		return "", "", false
	}
	words, rest, ok = strings.Cut(after, middle)
	return words, rest, ok && words != ""
}
