package infosec

import (
	"fmt"
	"strings"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// Kinds of OverrideEvent.
const (
	Labeled   = "labeled"
	Unlabeled = "unlabeled"
	Command   = "command"
)

// OverrideEvent is the person-made event behind an evaluation that can
// change the override: the override label added or removed, or an override
// command in a comment.
type OverrideEvent struct {
	// Kind is Labeled, Unlabeled or Command.
	Kind  string
	Actor string
	// Label is the label added or removed.
	Label string
	// Reason is the command's reason (empty: refused for lack of one).
	Reason string
}

// concerns reports whether the event is about the override at all: any
// command, or the override label (compared without case, as GitHub does).
func (e *OverrideEvent) concerns(label string) bool {
	return e != nil && (e.Kind == Command || strings.EqualFold(e.Label, label))
}

// NeedsMembership reports whether DecideOverride needs to know if the
// event's actor belongs to InfoSec, so that the pipeline asks GitHub only then.
func (e *OverrideEvent) NeedsMembership(label string) bool {
	return e.concerns(label) && e.Kind != Unlabeled
}

// OverrideState is what the override decision reads.
type OverrideState struct {
	// Label is the policy's override.label.
	Label string
	// Labels are the pull request's labels now.
	Labels []string
	// Previous is the override recorded on this head SHA's gate run (nil: none).
	Previous *gate.Override
	// Event is the event behind this evaluation (nil: none that can change the override).
	Event *OverrideEvent
	// Member says the event's actor belongs to InfoSec. Only read when
	// Event.NeedsMembership; a membership that cannot be read counts as false.
	Member bool
}

// OverrideOutcome says what an event did to the override.
type OverrideOutcome string

// Outcomes of an override decision.
const (
	// OverrideUnchanged: no event about the override; the previous one, if any, holds.
	OverrideUnchanged OverrideOutcome = ""
	// OverrideUsed: a valid new override by an InfoSec member.
	OverrideUsed OverrideOutcome = "used"
	// OverrideRefused: an attempt by someone outside InfoSec, or without a reason.
	OverrideRefused OverrideOutcome = "refused"
	// OverrideRevoked: the override label was removed.
	OverrideRevoked OverrideOutcome = "revoked"
)

// OverrideDecision is the override in force for the head SHA and what to do about the event.
type OverrideDecision struct {
	// Override is the override in force (nil: none).
	Override *gate.Override
	Outcome  OverrideOutcome
	// Why explains a refusal.
	Why     string
	Actions Actions
}

// Why an override is refused.
const (
	refusedNotMember = "only InfoSec members (`infosec.team`, `infosec.users`) may override the security gate"
	refusedNoReason  = "an override needs a reason: `/gatehouse override <reason>`"
)

// DecideOverride decides the override for this head SHA: the one recorded on
// its gate run, replaced by a valid new one, or revoked when its label is
// removed. Attempts by anyone outside InfoSec are refused, undone and
// audited. An override label left from an earlier commit is removed: an
// override covers only the commit it was given for.
func DecideOverride(s OverrideState) OverrideDecision {
	d := OverrideDecision{Override: s.Previous}
	ev := s.Event
	switch {
	case !ev.concerns(s.Label):
	case ev.Kind == Unlabeled:
		if s.Previous != nil && s.Previous.Via == "label" {
			d.Override, d.Outcome = nil, OverrideRevoked
			d.Actions.Audit = append(d.Actions.Audit, audit.Event{Kind: audit.KindOverrideUsed, Actor: ev.Actor, Outcome: "revoked", Reason: "override label removed"})
		}
	default:
		d = decideAttempt(s)
	}
	if d.Override == nil && hasLabel(s.Labels, s.Label) && (ev == nil || ev.Kind != Labeled) {
		d.Actions.RemoveLabels = append(d.Actions.RemoveLabels, s.Label)
		d.Actions.Notes = append(d.Actions.Notes, "The `"+s.Label+"` label was removed: an override covers only the commit it was given for. An InfoSec member can apply it again.")
	}
	return d
}

// decideAttempt decides an override label applied or an override command.
func decideAttempt(s OverrideState) OverrideDecision {
	ev := s.Event
	reason, via := ev.Reason, ev.Kind
	if ev.Kind == Labeled {
		reason, via = "label `"+ev.Label+"` applied", "label"
	}
	if s.Member && reason != "" {
		return OverrideDecision{Override: &gate.Override{Actor: ev.Actor, Reason: reason, Via: via}, Outcome: OverrideUsed, Actions: Actions{
			Audit:  []audit.Event{{Kind: audit.KindOverrideUsed, Actor: ev.Actor, Outcome: "used", Reason: reason, Details: map[string]string{"via": via}}},
			Notify: []notify.Event{{Kind: notify.KindOverrideUsed, Actor: ev.Actor, What: "Break-glass override: " + reason}},
		}}
	}
	why := refusedNotMember
	if s.Member {
		why = refusedNoReason
	}
	d := OverrideDecision{Override: s.Previous, Outcome: OverrideRefused, Why: why, Actions: Actions{
		Audit:    []audit.Event{{Kind: audit.KindOverrideRefused, Actor: ev.Actor, Outcome: "refused", Reason: why, Details: map[string]string{"via": ev.Kind}}},
		Notify:   []notify.Event{{Kind: notify.KindOverrideRefused, Actor: ev.Actor, What: "Override refused: " + why}},
		Comments: []string{fmt.Sprintf("@%s the override was refused: %s. The attempt was recorded.", ev.Actor, why)},
	}}
	if ev.Kind == Labeled {
		d.Actions.RemoveLabels = []string{ev.Label}
	}
	return d
}
