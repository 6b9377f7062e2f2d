package dlp

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/config"
)

// candidate is a path whose content exists at some commit of the pull request.
type candidate struct {
	path   string
	ref    string // where to read it: the head, or the commit that added it
	commit string // the commit that introduced it, when known
	inHead bool
}

// candidates lists every path that the pull request leaves in the head or that
// one of its commits added (a forbidden file added then deleted is still in
// the history that merging brings in).
func candidates(cs *checks.ChangeSet, history map[string][]touch) []candidate {
	seen := map[string]bool{}
	var out []candidate
	for _, f := range cs.Files {
		if f.Removed() {
			continue
		}
		seen[f.Path] = true
		c := candidate{path: f.Path, ref: cs.HeadSHA, inHead: true}
		if ts := history[f.Path]; len(ts) > 0 {
			c.commit = firstPresent(ts)
		}
		out = append(out, c)
	}
	paths := make([]string, 0, len(history))
	for p := range history {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if seen[p] {
			continue
		}
		if sha := firstPresent(history[p]); sha != "" {
			out = append(out, candidate{path: p, ref: sha, commit: sha})
		}
	}
	return out
}

func firstPresent(ts []touch) string {
	for _, t := range ts {
		if t.present {
			return t.sha
		}
	}
	return ""
}

func forbiddenFindings(ctx context.Context, cs *checks.ChangeSet, p *config.Policy, history map[string][]touch) ([]checks.Finding, error) {
	rules := forbiddenRules(p)
	var out []checks.Finding
	for _, c := range candidates(cs, history) {
		rule, ok, err := matchForbidden(ctx, cs, rules, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		msg := fmt.Sprintf("%s must never be committed (%s).", c.path, rule.Reason)
		if !c.inHead {
			msg += fmt.Sprintf(" Commit %s added it; a later commit removed it, but it stays in the history this pull request would merge.", checks.ShortSHA(c.commit))
		}
		msg += " Remove it from every commit (rewrite the branch), move the content to a secret manager, and rotate any credential it held."
		if !rule.builtin {
			msg += " Forbidden by this repository's dlp.forbidden."
		}
		out = append(out, checks.Finding{
			Check: Name, RuleID: ruleForbidden, Title: "Forbidden file: " + rule.Reason,
			Message: msg, Path: c.path, Level: checks.LevelFailure, Commit: c.commit,
			Fingerprint: "forbidden-file:" + c.path,
		})
	}
	return out, nil
}

// matchForbidden finds the first rule the candidate breaks, reading its
// content only for rules that depend on it.
func matchForbidden(ctx context.Context, cs *checks.ChangeSet, rules []forbiddenRule, c candidate) (forbiddenRule, bool, error) {
	var content []byte
	loaded := false
	for _, r := range rules {
		if !Match(r.Glob, c.path) || matchesAny(r.Except, c.path) {
			continue
		}
		if r.ContentMarker == "" {
			return r, true, nil
		}
		if !loaded {
			b, found, err := cs.Source.FileAt(ctx, c.ref, c.path)
			if err != nil {
				return r, false, fmt.Errorf("failed to read %s at %s: %w", c.path, checks.ShortSHA(c.ref), err)
			}
			content, loaded = b, true
			if !found {
				content = nil
			}
		}
		if bytes.Contains(content, []byte(r.ContentMarker)) {
			return r, true, nil
		}
	}
	return forbiddenRule{}, false, nil
}

func sizeFindings(ctx context.Context, cs *checks.ChangeSet, p *config.Policy) ([]checks.Finding, error) {
	var present []checks.File
	for _, f := range cs.Files {
		if !f.Removed() {
			present = append(present, f)
		}
	}
	if len(present) == 0 {
		return nil, nil
	}
	sizes, err := cs.Source.Sizes(ctx, cs.HeadSHA)
	if err != nil {
		return nil, fmt.Errorf("failed to read file sizes at %s: %w", checks.ShortSHA(cs.HeadSHA), err)
	}
	var out []checks.Finding
	for _, f := range present {
		if size, ok := sizes[f.Path]; ok && size > int64(p.DLP.MaxFileSize) {
			out = append(out, checks.Finding{
				Check: Name, RuleID: "oversize-file", Level: checks.LevelFailure, Path: f.Path,
				Title:       fmt.Sprintf("File larger than %s", p.DLP.MaxFileSize),
				Message:     fmt.Sprintf("%s is %s, over the policy's max_file_size of %s. Large files are often data dumps or build outputs; keep them out of git (object storage, Git LFS) or raise dlp.max_file_size on the base branch.", f.Path, config.ByteSize(size), p.DLP.MaxFileSize),
				Fingerprint: "oversize-file:" + f.Path,
			})
		}
		// GitHub omits the patch of a binary file and counts no lines for it.
		if f.PatchMissing && f.Additions == 0 && f.Deletions == 0 && p.DLP.Binary != "ignore" {
			level := checks.LevelWarning
			if p.DLP.Binary == "fail" {
				level = checks.LevelFailure
			}
			out = append(out, checks.Finding{
				Check: Name, RuleID: "binary-file", Level: level, Path: f.Path,
				Title:       "Binary file",
				Message:     f.Path + " is binary: it cannot be reviewed or scanned for secrets line by line. Make sure it holds no credentials or customer data.",
				Fingerprint: "binary-file:" + f.Path,
			})
		}
	}
	return out, nil
}
