package infosec

import (
	"reflect"
	"testing"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/notify"
)

func TestDecideOverride(t *testing.T) {
	const label = "security-override"
	byLabel := &gate.Override{Actor: "sam", Reason: "label `security-override` applied", Via: "label"}
	byCommand := &gate.Override{Actor: "sam", Reason: "hotfix", Via: "command"}
	staleNote := "The `security-override` label was removed: an override covers only the commit it was given for. An InfoSec member can apply it again."
	refusedComment := func(actor, why string) []string {
		return []string{"@" + actor + " the override was refused: " + why + ". The attempt was recorded."}
	}
	cases := []struct {
		name     string
		state    OverrideState
		want     *gate.Override
		outcome  OverrideOutcome
		actions  Actions
		needsWho bool // the decision needs the actor's membership
	}{
		{name: "no event, no override", state: OverrideState{Label: label}},
		{name: "no event keeps this commit's override", state: OverrideState{Label: label, Labels: []string{label}, Previous: byLabel}, want: byLabel},
		{name: "label outliving its commit is removed", state: OverrideState{Label: label, Labels: []string{"bug", "Security-Override"}},
			actions: Actions{RemoveLabels: []string{label}, Notes: []string{staleNote}}},
		{name: "another label changes nothing", state: OverrideState{Label: label, Previous: byCommand,
			Event: &OverrideEvent{Kind: Labeled, Actor: "mallory", Label: "bug"}}, want: byCommand},
		// Any label event leaves a stale override label for the next evaluation to remove.
		{name: "another label applied leaves a stale label for now", state: OverrideState{Label: label, Labels: []string{label, "bug"},
			Event: &OverrideEvent{Kind: Labeled, Actor: "dev", Label: "bug"}}},
		{name: "another label removed keeps the override", state: OverrideState{Label: label, Labels: []string{label}, Previous: byLabel,
			Event: &OverrideEvent{Kind: Unlabeled, Actor: "sam", Label: "bug"}}, want: byLabel},
		{name: "label applied by a member", needsWho: true,
			state: OverrideState{Label: label, Labels: []string{label}, Member: true, Event: &OverrideEvent{Kind: Labeled, Actor: "sam", Label: label}},
			want:  byLabel, outcome: OverrideUsed, actions: Actions{
				Audit:  []audit.Event{{Kind: audit.KindOverrideUsed, Actor: "sam", Outcome: "used", Reason: "label `security-override` applied", Details: map[string]string{"via": "label"}}},
				Notify: []notify.Event{{Kind: notify.KindOverrideUsed, Actor: "sam", What: "Break-glass override: label `security-override` applied"}},
			}},
		{name: "label applied without case by a member", needsWho: true,
			state: OverrideState{Label: label, Labels: []string{"SECURITY-OVERRIDE"}, Member: true, Event: &OverrideEvent{Kind: Labeled, Actor: "sam", Label: "SECURITY-OVERRIDE"}},
			want:  &gate.Override{Actor: "sam", Reason: "label `SECURITY-OVERRIDE` applied", Via: "label"}, outcome: OverrideUsed, actions: Actions{
				Audit:  []audit.Event{{Kind: audit.KindOverrideUsed, Actor: "sam", Outcome: "used", Reason: "label `SECURITY-OVERRIDE` applied", Details: map[string]string{"via": "label"}}},
				Notify: []notify.Event{{Kind: notify.KindOverrideUsed, Actor: "sam", What: "Break-glass override: label `SECURITY-OVERRIDE` applied"}},
			}},
		{name: "label applied by a non-member is refused and removed", needsWho: true,
			state:   OverrideState{Label: label, Labels: []string{label}, Event: &OverrideEvent{Kind: Labeled, Actor: "mallory", Label: label}},
			outcome: OverrideRefused, actions: Actions{
				Audit:        []audit.Event{{Kind: audit.KindOverrideRefused, Actor: "mallory", Outcome: "refused", Reason: refusedNotMember, Details: map[string]string{"via": "labeled"}}},
				Notify:       []notify.Event{{Kind: notify.KindOverrideRefused, Actor: "mallory", What: "Override refused: " + refusedNotMember}},
				RemoveLabels: []string{label},
				Comments:     refusedComment("mallory", refusedNotMember),
			}},
		{name: "refused label keeps this commit's earlier override", needsWho: true,
			state: OverrideState{Label: label, Labels: []string{label}, Previous: byCommand, Event: &OverrideEvent{Kind: Labeled, Actor: "mallory", Label: label}},
			want:  byCommand, outcome: OverrideRefused, actions: Actions{
				Audit:        []audit.Event{{Kind: audit.KindOverrideRefused, Actor: "mallory", Outcome: "refused", Reason: refusedNotMember, Details: map[string]string{"via": "labeled"}}},
				Notify:       []notify.Event{{Kind: notify.KindOverrideRefused, Actor: "mallory", What: "Override refused: " + refusedNotMember}},
				RemoveLabels: []string{label},
				Comments:     refusedComment("mallory", refusedNotMember),
			}},
		{name: "command by a member", needsWho: true,
			state: OverrideState{Label: label, Member: true, Event: &OverrideEvent{Kind: Command, Actor: "sam", Reason: "hotfix"}},
			want:  byCommand, outcome: OverrideUsed, actions: Actions{
				Audit:  []audit.Event{{Kind: audit.KindOverrideUsed, Actor: "sam", Outcome: "used", Reason: "hotfix", Details: map[string]string{"via": "command"}}},
				Notify: []notify.Event{{Kind: notify.KindOverrideUsed, Actor: "sam", What: "Break-glass override: hotfix"}},
			}},
		{name: "command by a member replaces the earlier override", needsWho: true,
			state: OverrideState{Label: label, Previous: byLabel, Member: true, Event: &OverrideEvent{Kind: Command, Actor: "sam", Reason: "hotfix"}},
			want:  byCommand, outcome: OverrideUsed, actions: Actions{
				Audit:  []audit.Event{{Kind: audit.KindOverrideUsed, Actor: "sam", Outcome: "used", Reason: "hotfix", Details: map[string]string{"via": "command"}}},
				Notify: []notify.Event{{Kind: notify.KindOverrideUsed, Actor: "sam", What: "Break-glass override: hotfix"}},
			}},
		{name: "command without a reason by a member is refused", needsWho: true,
			state:   OverrideState{Label: label, Member: true, Event: &OverrideEvent{Kind: Command, Actor: "sam"}},
			outcome: OverrideRefused, actions: Actions{
				Audit:    []audit.Event{{Kind: audit.KindOverrideRefused, Actor: "sam", Outcome: "refused", Reason: refusedNoReason, Details: map[string]string{"via": "command"}}},
				Notify:   []notify.Event{{Kind: notify.KindOverrideRefused, Actor: "sam", What: "Override refused: " + refusedNoReason}},
				Comments: refusedComment("sam", refusedNoReason),
			}},
		{name: "command by a non-member is refused, the label left from an old commit removed", needsWho: true,
			state:   OverrideState{Label: label, Labels: []string{label}, Event: &OverrideEvent{Kind: Command, Actor: "mallory", Reason: "trust me"}},
			outcome: OverrideRefused, actions: Actions{
				Audit:        []audit.Event{{Kind: audit.KindOverrideRefused, Actor: "mallory", Outcome: "refused", Reason: refusedNotMember, Details: map[string]string{"via": "command"}}},
				Notify:       []notify.Event{{Kind: notify.KindOverrideRefused, Actor: "mallory", What: "Override refused: " + refusedNotMember}},
				RemoveLabels: []string{label},
				Comments:     refusedComment("mallory", refusedNotMember),
				Notes:        []string{staleNote},
			}},
		{name: "label removed revokes a label override",
			state:   OverrideState{Label: label, Previous: byLabel, Event: &OverrideEvent{Kind: Unlabeled, Actor: "dev", Label: label}},
			outcome: OverrideRevoked, actions: Actions{
				Audit: []audit.Event{{Kind: audit.KindOverrideUsed, Actor: "dev", Outcome: "revoked", Reason: "override label removed"}},
			}},
		{name: "label removed keeps a command override",
			state: OverrideState{Label: label, Previous: byCommand, Event: &OverrideEvent{Kind: Unlabeled, Actor: "dev", Label: label}}, want: byCommand},
		{name: "label removed with no override",
			state: OverrideState{Label: label, Event: &OverrideEvent{Kind: Unlabeled, Actor: "dev", Label: label}}},
		{name: "label removed while another copy stays is stale",
			state:   OverrideState{Label: label, Labels: []string{label}, Event: &OverrideEvent{Kind: Unlabeled, Actor: "dev", Label: label}},
			actions: Actions{RemoveLabels: []string{label}, Notes: []string{staleNote}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.state.Event.NeedsMembership(c.state.Label); got != c.needsWho {
				t.Errorf("NeedsMembership = %v, want %v", got, c.needsWho)
			}
			d := DecideOverride(c.state)
			if !reflect.DeepEqual(d.Override, c.want) {
				t.Errorf("override = %+v, want %+v", d.Override, c.want)
			}
			if d.Outcome != c.outcome {
				t.Errorf("outcome = %q, want %q", d.Outcome, c.outcome)
			}
			if c.outcome == OverrideRefused && d.Why == "" {
				t.Error("a refusal without a reason")
			}
			if !reflect.DeepEqual(d.Actions, c.actions) {
				t.Errorf("actions =\n%+v\nwant\n%+v", d.Actions, c.actions)
			}
		})
	}
}

// TestOverrideIsPerCommit: an override recorded for one head SHA is not
// handed to the next one, which starts with no Previous; its label, still on
// the pull request, is then removed.
func TestOverrideIsPerCommit(t *testing.T) {
	const label = "security-override"
	first := DecideOverride(OverrideState{Label: label, Labels: []string{label}, Member: true,
		Event: &OverrideEvent{Kind: Labeled, Actor: "sam", Label: label}})
	if first.Override == nil || len(first.Actions.RemoveLabels) != 0 {
		t.Fatalf("first commit: %+v", first)
	}
	next := DecideOverride(OverrideState{Label: label, Labels: []string{label}})
	if next.Override != nil || !reflect.DeepEqual(next.Actions.RemoveLabels, []string{label}) {
		t.Errorf("next commit: override %+v, removes %v; want none, and the label removed", next.Override, next.Actions.RemoveLabels)
	}
}
