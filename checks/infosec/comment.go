package infosec

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
)

// CommentMarker identifies Gatehouse's one InfoSec comment on a pull request.
const CommentMarker = "<!-- gatehouse:infosec -->"

// pending reports whether the verdict waits for InfoSec's approval.
func pending(v gate.Verdict) bool { return len(v.Needs) > 0 && !v.Approved }

// ReviewLabel keeps infosec.label on the pull request while InfoSec's
// approval is pending, and off otherwise. labels are the pull request's now.
func ReviewLabel(p *config.Policy, v gate.Verdict, labels []string) Actions {
	has := hasLabel(labels, p.InfoSec.Label)
	switch {
	case pending(v) && !has:
		return Actions{AddLabels: []string{p.InfoSec.Label}}
	case !pending(v) && has:
		return Actions{RemoveLabels: []string{p.InfoSec.Label}}
	}
	return Actions{}
}

// CommentWrite is what to do with the InfoSec comment.
type CommentWrite int

// What to do with the InfoSec comment.
const (
	// CommentKeep: it already says this, or InfoSec was never involved and there is none.
	CommentKeep CommentWrite = iota
	// CommentCreate: post it.
	CommentCreate
	// CommentEdit: edit the existing one in place.
	CommentEdit
)

// DecideComment decides the write of body, the comment's new content, given
// the existing comment's body (nil: none found). Gatehouse stays quiet on a
// pull request InfoSec was never involved in.
func DecideComment(body string, v gate.Verdict, existing *string) CommentWrite {
	switch {
	case existing == nil && len(v.Needs) == 0:
		return CommentKeep
	case existing == nil:
		return CommentCreate
	case *existing == body:
		return CommentKeep
	}
	return CommentEdit
}

// Comment says why InfoSec is involved, who they are, and what unblocks the
// pull request. owner is the repository's owner, for a bare team slug.
func Comment(p *config.Policy, owner string, v gate.Verdict) string {
	var b strings.Builder
	b.WriteString(CommentMarker + "\n")
	switch {
	case len(v.Needs) == 0:
		b.WriteString("### 🔐 InfoSec review no longer needed\n\nThe latest commit no longer touches anything that needs the security team's approval.\n")
		return b.String()
	case v.Approved:
		b.WriteString("### ✅ InfoSec approved\n\n")
	default:
		b.WriteString("### 🔐 InfoSec review needed\n\n")
	}
	b.WriteString("This pull request touches what needs the security team's approval:\n\n")
	for _, n := range v.Needs {
		fmt.Fprintf(&b, "- `%s`: %s\n", n.Subject, n.Reason)
	}
	var who []string
	if org, slug := Team(p, owner); slug != "" {
		who = append(who, "@"+org+"/"+slug)
	}
	for _, u := range Users(p) {
		who = append(who, "@"+u)
	}
	if len(who) > 0 {
		fmt.Fprintf(&b, "\n**Reviewers:** %s", strings.Join(who, ", "))
	}
	if p.InfoSec.Contact != "" {
		fmt.Fprintf(&b, " · **Contact:** %s", p.InfoSec.Contact)
	}
	fmt.Fprintf(&b, "\n\n**What unblocks it:** %d approving review(s) from InfoSec. A later commit that changes these paths again needs a new approval; other commits keep it. The `gatehouse` check shows the current state.\n", p.InfoSec.RequiredApprovals)
	return b.String()
}
