package secrets

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
)

// maxLiteralStrings bounds the strings literalStrings expands a pattern to,
// maxCoveringSets the sets coveringSets makes of an alternation.
const (
	maxLiteralStrings = 256
	maxCoveringSets   = 64
)

// keyworded reports whether every match of re, lower-cased, holds one of the
// (lower-case) keywords: a keyword rule's pattern nearly always has a group
// such as (?:access|auth|key|token) that the analysis finds in its
// concatenation. The answer errs on the side of no.
func keyworded(re *syntax.Regexp, keywords []string) bool {
	if ss, ok := literalStrings(re); ok {
		return allContainAny(ss, keywords)
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return keyworded(re.Sub[0], keywords)
	case syntax.OpRepeat:
		return re.Min > 0 && keyworded(re.Sub[0], keywords)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if keyworded(sub, keywords) {
				return true
			}
		}
		// A keyword may span elements: the parser factors common prefixes
		// out of alternations, as in A(?:KIA|SIA) for AKIA|ASIA.
		for i := range re.Sub {
			for j := i + 2; j <= len(re.Sub); j++ {
				ss, ok := literalStrings(&syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[i:j]})
				if !ok {
					break
				}
				if allContainAny(ss, keywords) {
					return true
				}
			}
		}
		return false
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !keyworded(sub, keywords) {
				return false
			}
		}
		return len(re.Sub) > 0
	}
	return false
}

// literalStrings expands re, if it matches few enough fixed strings, into
// those strings lower-cased; ok is false for anything else.
func literalStrings(re *syntax.Regexp) (ss []string, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		// Lower-cased as gitleaks' prefilter lower-cases text.
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		if n == 0 || n > maxLiteralStrings {
			return nil, false
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if s := string(unicode.ToLower(r)); !seen[s] {
					seen[s] = true
					ss = append(ss, s)
				}
			}
		}
		return ss, true
	case syntax.OpCapture:
		return literalStrings(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := literalStrings(re.Sub[0])
		return append(sub, ""), ok
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			s, ok := literalStrings(sub)
			if !ok || len(ss)+len(s) > maxLiteralStrings {
				return nil, false
			}
			ss = append(ss, s...)
		}
		return ss, true
	case syntax.OpConcat:
		ss = []string{""}
		for _, sub := range re.Sub {
			s, ok := literalStrings(sub)
			if !ok || len(ss)*len(s) > maxLiteralStrings {
				return nil, false
			}
			next := make([]string, 0, len(ss)*len(s))
			for _, a := range ss {
				for _, b := range s {
					next = append(next, a+b)
				}
			}
			ss = next
		}
		return ss, true
	}
	return nil, false
}

// allContainAny reports whether there are strings and each holds a keyword.
func allContainAny(ss, keywords []string) bool {
	for _, s := range ss {
		if !containsAny(s, keywords) {
			return false
		}
	}
	return len(ss) > 0
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// coveringSets returns sets of lower-cased strings such that every match of
// re holds a string of each set: what a text must hold for re to match in
// it at all.
func coveringSets(re *syntax.Regexp) [][]string {
	if ss, ok := literalStrings(re); ok {
		if slices.Contains(ss, "") {
			return nil
		}
		return [][]string{ss}
	}
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return coveringSets(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min > 0 {
			return coveringSets(re.Sub[0])
		}
	case syntax.OpConcat:
		var out [][]string
		for _, sub := range re.Sub {
			out = append(out, coveringSets(sub)...)
		}
		return out
	case syntax.OpAlternate:
		// Each way of taking one set from every alternative gives a set.
		combos := [][]string{nil}
		for _, sub := range re.Sub {
			sets := coveringSets(sub)
			if len(sets) == 0 {
				return nil
			}
			if len(combos)*len(sets) > maxCoveringSets {
				sets = [][]string{rarest(sets)}
			}
			next := make([][]string, 0, len(combos)*len(sets))
			for _, c := range combos {
				for _, set := range sets {
					next = append(next, append(slices.Clip(c), set...))
				}
			}
			combos = next
		}
		return combos
	}
	return nil
}

// rarest picks the set that looks least likely to be in a text: the one
// whose shortest string is longest.
func rarest(sets [][]string) []string {
	best := sets[0]
	for _, s := range sets[1:] {
		if shortest(s) > shortest(best) {
			best = s
		}
	}
	return best
}

func shortest(ss []string) int {
	n := -1
	for _, s := range ss {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}
