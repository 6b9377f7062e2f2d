package evaluation

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/rs/zerolog"

	"github.com/gatehouse-sec/gatehouse/checks/gate"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/config"
	"github.com/gatehouse-sec/gatehouse/githubio"
)

// Trigger is the person-made event behind an evaluation, when it can change
// the override: the override label added or removed, or an override command.
type Trigger = infosec.OverrideEvent

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

// resolveOverride decides the override for this head SHA (see
// infosec.DecideOverride) and carries out the decision. It asks GitHub
// whether the actor belongs to InfoSec only when the event can grant an
// override. It returns the override in force and notes for the summary.
func resolveOverride(ctx context.Context, g githubio.GitHub, rec *recorder, p *config.Policy, pr *github.PullRequest, prev *gate.Override, t *Trigger) (*gate.Override, []string) {
	s := infosec.OverrideState{Label: p.Override.Label, Labels: labelNames(pr), Previous: prev, Event: t}
	if t.NeedsMembership(p.Override.Label) {
		member, err := isInfoSec(ctx, g, p, t.Actor)
		if err != nil {
			zerolog.Ctx(ctx).Warn().Err(err).Str("actor", t.Actor).Msg("cannot check the overrider's membership; refusing")
		}
		s.Member = member
	}
	d := infosec.DecideOverride(s)
	return d.Override, carryOut(ctx, g, rec, pr.GetNumber(), d.Actions)
}

func labelNames(pr *github.PullRequest) []string {
	out := make([]string, 0, len(pr.Labels))
	for _, l := range pr.Labels {
		out = append(out, l.GetName())
	}
	return out
}
