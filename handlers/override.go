package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// Trigger is the person-made event behind an evaluation, when it can change
// the override: the override label added or removed, or an override command.
type Trigger struct {
	// Kind is "labeled", "unlabeled" or "command".
	Kind  string
	Actor string
	// Label is the label added or removed.
	Label string
	// Reason is the command's reason (empty: refused for lack of one).
	Reason string
}

// overrideCommand matches "/gatehouse override <reason>" at the start of a line.
var overrideCommand = regexp.MustCompile(`(?m)^\s*/gatehouse\s+override\b[ \t]*(.*)$`)

// ParseOverrideCommand returns the reason of an override command in a comment.
func ParseOverrideCommand(body string) (reason string, ok bool) {
	m := overrideCommand.FindStringSubmatch(body)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}

// stateMarker persists the override in the gate run's text. Only Gatehouse
// can write its own check runs, so unlike a comment or a label nobody can
// forge it; and runs belong to one head SHA, which scopes the override to it.
const stateMarker = "<!-- gatehouse:state "

type gateState struct {
	Override *gate.Override `json:"override,omitempty"`
}

func (s gateState) text() string {
	b, _ := json.Marshal(s)
	return stateMarker + string(b) + " -->"
}

func parseGateState(run *github.CheckRun) gateState {
	var s gateState
	text := run.GetOutput().GetText()
	i := strings.Index(text, stateMarker)
	if i < 0 {
		return s
	}
	rest := text[i+len(stateMarker):]
	if j := strings.Index(rest, " -->"); j >= 0 {
		_ = json.Unmarshal([]byte(rest[:j]), &s)
	}
	return s
}

// resolveOverride decides the override for this head SHA: the one recorded
// on its gate run, replaced by a valid new one, or revoked when its label is
// removed. Attempts by anyone outside InfoSec are refused, undone and audited.
func resolveOverride(ctx context.Context, g *gitHub, p *config.Policy, pr *github.PullRequest, prev *gate.Override, t *Trigger) *gate.Override {
	logger := zerolog.Ctx(ctx)
	if t == nil || (t.Kind != "command" && !strings.EqualFold(t.Label, p.Override.Label)) {
		return prev
	}
	if t.Kind == "unlabeled" {
		if prev != nil && prev.Via == "label" {
			recorderFrom(ctx).record(ctx, audit.KindOverrideUsed, t.Actor, "revoked", "override label removed", nil)
			return nil
		}
		return prev
	}
	member, err := g.isInfoSec(ctx, p, t.Actor)
	if err != nil {
		logger.Warn().Err(err).Str("actor", t.Actor).Msg("cannot check the overrider's membership; refusing")
	}
	reason := t.Reason
	if t.Kind == "labeled" {
		reason = "label `" + t.Label + "` applied"
	}
	if member && reason != "" {
		o := &gate.Override{Actor: t.Actor, Reason: reason, Via: t.Kind}
		if t.Kind == "labeled" {
			o.Via = "label"
		}
		recorderFrom(ctx).record(ctx, audit.KindOverrideUsed, t.Actor, "used", reason, map[string]string{"via": o.Via})
		recorderFrom(ctx).notify(ctx, notify.KindOverrideUsed, t.Actor, "Break-glass override: "+reason)
		return o
	}
	why := "only InfoSec members (`infosec.team`, `infosec.users`) may override the security gate"
	if member {
		why = "an override needs a reason: `/gatehouse override <reason>`"
	}
	recorderFrom(ctx).record(ctx, audit.KindOverrideRefused, t.Actor, "refused", why, map[string]string{"via": t.Kind})
	recorderFrom(ctx).notify(ctx, notify.KindOverrideRefused, t.Actor, "Override refused: "+why)
	if t.Kind == "labeled" {
		if _, err := g.client.Issues.RemoveLabelForIssue(ctx, g.owner, g.repo, pr.GetNumber(), t.Label); err != nil {
			logger.Warn().Err(err).Msg("could not remove the refused override label")
		}
	}
	body := fmt.Sprintf("@%s the override was refused: %s. The attempt was recorded.", t.Actor, why)
	if _, _, err := g.client.Issues.CreateComment(ctx, g.owner, g.repo, pr.GetNumber(), &github.IssueComment{Body: github.String(body)}); err != nil {
		logger.Warn().Err(err).Msg("could not reply to the refused override")
	}
	return prev
}
