package evaluation

import (
	"context"

	"github.com/gatehouse-sec/gatehouse/audit"
	"github.com/gatehouse-sec/gatehouse/checks/infosec"
	"github.com/gatehouse-sec/gatehouse/notify"
)

// recorder writes the audit trail and sends notifications for one evaluation,
// stamping every record with its delivery, repository, pull request and SHA.
// Every step that decides is handed it explicitly, and the Evaluator cannot
// be built without an audit logger: no decision can miss the audit file.
type recorder struct {
	audit    *audit.Logger
	notifier *notify.Notifier
	delivery string
	repo     string
	pr       int
	sha      string
	link     string
}

// record writes one audit event.
func (r *recorder) record(ctx context.Context, kind, actor, outcome, reason string, details map[string]string) {
	r.recordEvent(ctx, audit.Event{Kind: kind, Actor: actor, Outcome: outcome, Reason: reason, Details: details})
}

func (r *recorder) recordEvent(ctx context.Context, e audit.Event) {
	e.Delivery, e.Repo, e.PR, e.SHA = r.delivery, r.repo, r.pr, r.sha
	r.audit.Record(ctx, e)
}

// notify tells InfoSec, best effort and never blocking. what must hold no
// secret value: callers pass rule ids, paths and masked previews only.
func (r *recorder) notify(ctx context.Context, kind, actor, what string) {
	r.notifyEvent(ctx, notify.Event{Kind: kind, Actor: actor, What: what})
}

func (r *recorder) notifyEvent(ctx context.Context, e notify.Event) {
	e.Repo, e.PR, e.Link = r.repo, r.pr, r.link
	r.notifier.Notify(ctx, e)
}

// apply records and notifies what a decision asks for.
func (r *recorder) apply(ctx context.Context, a infosec.Actions) {
	for _, e := range a.Audit {
		r.recordEvent(ctx, e)
	}
	for _, e := range a.Notify {
		r.notifyEvent(ctx, e)
	}
}
