package handlers

import (
	"context"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// recorder writes the audit trail and sends notifications for one evaluation,
// stamping every record with its delivery, repository, pull request and SHA.
// It rides in the context so that every step can record its decisions.
type recorder struct {
	audit    *audit.Logger
	notifier *notify.Notifier
	delivery string
	repo     string
	pr       int
	sha      string
	link     string
}

type recorderKey struct{}

func withRecorder(ctx context.Context, r *recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

func recorderFrom(ctx context.Context) *recorder {
	r, _ := ctx.Value(recorderKey{}).(*recorder)
	if r == nil {
		return &recorder{}
	}
	return r
}

// record writes one audit event. A nil audit logger still logs through zerolog.
func (r *recorder) record(ctx context.Context, kind, actor, outcome, reason string, details map[string]string) {
	r.audit.Record(ctx, audit.Event{Kind: kind, Delivery: r.delivery, Repo: r.repo, PR: r.pr, SHA: r.sha,
		Actor: actor, Outcome: outcome, Reason: reason, Details: details})
}

// notify tells InfoSec, best effort and never blocking. what must hold no
// secret value: callers pass rule ids, paths and masked previews only.
func (r *recorder) notify(ctx context.Context, kind, actor, what string) {
	r.notifier.Notify(ctx, notify.Event{Kind: kind, Repo: r.repo, PR: r.pr, Actor: actor, What: what, Link: r.link})
}
