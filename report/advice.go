package report

import (
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/checks/deps"
	"github.com/gatehouse-sec/gatehouse/checks/secrets"
)

// secretsCheck is the secrets engine's check name.
const secretsCheck = secrets.Name

// The secrets engine writes its advice for the App, where every commit has
// been pushed: these are the lines a local scan replaces with what is true
// on the developer's machine.
const (
	rotateLine = "Rotate this credential"
	goneLine   = "The head of the branch no longer has it"
	acceptLine = "If it is not a secret, accept it"
	stagedWord = "staged"
)

// advisoriesDownRule is the dependencies check's finding for an advisory
// database that did not answer.
const advisoriesDownRule = deps.RuleAdvisoriesDown

// localAdvisoryFix replaces the App's fix for an unreachable advisory
// database (re-run the check) with the local one.
func localAdvisoryFix(msg string) string {
	if i := strings.Index(msg, " Gatehouse fails closed"); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg) + " Gatehouse fails closed: re-run the scan when the database is reachable, give a local OSV database with --osv-dir DIR " +
		"(or GATEHOUSE_OSV_DIR), or scan with --offline (advisories are then not checked, and the report says so)."
}

// localAdvice rewrites a secret's advice for where its commit is: staged
// (remove it before committing), committed but on no remote-tracking
// branch (rewrite the commit before pushing), or pushed (rotate it). A
// waived finding gets no advice at all. head is the commit a finding of the
// final diff belongs to ("" for a staged scan).
func localAdvice(f checks.Finding, head string, pushed map[string]string) string {
	commit := f.Commit
	if commit == "" {
		commit = head
	}
	if commit == "" {
		commit = stagedWord
	}
	var advice string
	remote, isPushed := pushed[commit]
	switch {
	case f.Waived != "":
	case commit == stagedWord:
		advice = "It is only staged: remove it from the file before committing (read it from the environment or a secret manager), then stage the file again. It has not left this machine, so there is nothing to rotate."
	case isPushed:
		advice = "Commit " + checks.ShortSHA(commit) + " is on " + remote + ": it was pushed, so the secret is leaked. " +
			"Rotate this credential (revoke it and issue a new one): deleting it from the branch, or even from the history, does not un-leak it."
	default:
		advice = "Commit " + checks.ShortSHA(commit) + " is on no remote-tracking branch: as far as this clone knows, it has not been pushed. " +
			"Rewrite the commit before pushing (git commit --amend for the last commit, git rebase -i for an earlier one) so that no commit keeps the secret; " +
			"rotate it only if it left this machine another way."
	}
	var out []string
	for _, line := range strings.Split(f.Message, "\n") {
		switch {
		case strings.HasPrefix(line, rotateLine):
			if advice != "" {
				out = append(out, advice)
			}
		case strings.HasPrefix(line, goneLine):
			out = append(out, "The head no longer has it, but commit "+checks.ShortSHA(commit)+" does.")
		case strings.HasPrefix(line, acceptLine) && f.Waived != "":
		default:
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// SecretCommits lists, once each and in order, the commits whose secret
// findings get advice that depends on whether they were pushed: not waived,
// and not staged (a staged secret has not left the machine). head is the
// commit a finding of the final diff belongs to (Staged's "staged" for a
// staged scan). Input.Pushed answers for them.
func SecretCommits(outcomes []checks.Outcome, head string) []string {
	var shas []string
	seen := map[string]bool{}
	for _, o := range outcomes {
		if o.Result == nil || o.Name != secretsCheck {
			continue
		}
		for _, f := range o.Result.Findings {
			sha := f.Commit
			if sha == "" {
				sha = head
			}
			if f.Waived != "" || sha == "" || sha == stagedWord || seen[sha] {
				continue
			}
			seen[sha] = true
			shas = append(shas, sha)
		}
	}
	return shas
}
