package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"

	"github.com/gatehouse-sec/gatehouse/audit"
)

// redeliveryWindow is how far back GitHub lets an App redeliver.
const redeliveryWindow = 72 * time.Hour

// CatchUp asks GitHub to redeliver what it could not deliver to Gatehouse
// (down, refusing with 503, unreachable), following GitHub's guide on
// handling failed deliveries: list the App's deliveries back to the last
// sweep (at most 3 days), and for each event (GUID) none of whose
// deliveries succeeded, request one redelivery. A delivery id is asked for
// once, ever: the claim is a row in the database, shared by every replica.
type CatchUp struct {
	Clients githubapp.ClientCreator
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

type catchUpArgs struct{}

func (catchUpArgs) Kind() string { return "catch_up_deliveries" }

// InsertOpts: a failed sweep is not retried; the next period sweeps again.
func (catchUpArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 1} }

type catchUpWorker struct {
	river.WorkerDefaults[catchUpArgs]
	q *Queue
}

func (w *catchUpWorker) Work(ctx context.Context, job *river.Job[catchUpArgs]) error {
	n, err := w.q.catchUp(ctx)
	if err != nil {
		w.q.o.Logger.Warn().Err(err).Msg("catch-up of failed deliveries did not finish; the next sweep tries again")
		return err
	}
	w.q.o.Logger.Info().Int("redeliveries_requested", n).Msg("catch-up of failed deliveries done")
	return nil
}

func (q *Queue) catchUp(ctx context.Context) (int, error) {
	c := q.o.CatchUp
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	client, err := c.Clients.NewAppClient()
	if err != nil {
		return 0, fmt.Errorf("failed to create the App client: %w", err)
	}
	since := now().Add(-redeliveryWindow)
	var last int64
	err = q.db.SQL.QueryRowContext(ctx, `SELECT value FROM gatehouse_state WHERE name = 'catch_up_seen'`).Scan(&last)
	if err == nil {
		// GitHub may list a delivery a little after its time: look back a margin.
		if t := time.UnixMilli(last).Add(-10 * time.Minute); t.After(since) {
			since = t
		}
	}
	type event struct {
		ok     bool
		failed []*github.HookDelivery
	}
	events := map[string]*event{}
	var order []string
	newest := time.Time{}
	opt := &github.ListCursorOptions{PerPage: 100}
	for {
		page, resp, err := client.Apps.ListHookDeliveries(ctx, opt)
		if err != nil {
			return 0, fmt.Errorf("failed to list the App's webhook deliveries: %w", err)
		}
		older := false
		for _, d := range page {
			at := d.GetDeliveredAt().Time
			if at.Before(since) {
				older = true
				continue
			}
			if at.After(newest) {
				newest = at
			}
			ev := events[d.GetGUID()]
			if ev == nil {
				ev = &event{}
				events[d.GetGUID()] = ev
				order = append(order, d.GetGUID())
			}
			if code := d.GetStatusCode(); code >= 200 && code < 400 {
				ev.ok = true
			} else {
				ev.failed = append(ev.failed, d)
			}
		}
		if older || resp.Cursor == "" || len(page) == 0 {
			break
		}
		opt.Cursor = resp.Cursor
	}
	requested := 0
	for _, guid := range order {
		ev := events[guid]
		if ev.ok || len(ev.failed) == 0 {
			continue
		}
		claimed, at := false, now().UnixMilli()
		for _, d := range ev.failed {
			res, err := q.db.SQL.ExecContext(ctx, `INSERT INTO gatehouse_redelivery (delivery_id, guid, requested_at) VALUES ($1, $2, $3) ON CONFLICT (delivery_id) DO NOTHING`,
				d.GetID(), guid, at)
			if err != nil {
				return requested, fmt.Errorf("failed to record the redelivery of %s: %w", guid, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				claimed = true
			}
		}
		if !claimed {
			continue // asked before, by this replica or another
		}
		d := ev.failed[0] // the newest failed attempt
		if _, _, err := client.Apps.RedeliverHookDelivery(ctx, d.GetID()); err != nil && !isAccepted(err) {
			// Not asked after all: drop this sweep's claim so that the next
			// sweep asks again, or the delivery would never be redelivered.
			if _, derr := q.db.SQL.ExecContext(context.WithoutCancel(ctx), `DELETE FROM gatehouse_redelivery WHERE guid = $1 AND requested_at = $2`, guid, at); derr != nil {
				q.o.Logger.Error().Err(derr).Str("guid", guid).Msg("failed to drop the claim of a redelivery that was not requested")
			}
			return requested, fmt.Errorf("failed to request the redelivery of %s: %w", guid, err)
		}
		requested++
		q.metrics.redeliveries.Inc()
		q.o.Audit.Record(q.o.Logger.WithContext(ctx), audit.Event{Kind: audit.KindRedeliveryRequested, Delivery: guid, Outcome: "requested",
			Reason:  fmt.Sprintf("GitHub could not deliver it (%d %s)", d.GetStatusCode(), d.GetStatus()),
			Details: map[string]string{"event": d.GetEvent(), "action": d.GetAction(), "delivery_id": itoa(d.GetID()), "failed_at": d.GetDeliveredAt().UTC().Format(time.RFC3339)}})
	}
	if !newest.IsZero() {
		if _, err := q.db.SQL.ExecContext(ctx, `INSERT INTO gatehouse_state (name, value) VALUES ('catch_up_seen', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, newest.UnixMilli()); err != nil {
			return requested, fmt.Errorf("failed to record the catch-up position: %w", err)
		}
	}
	return requested, nil
}

// isAccepted: go-github reports GitHub's 202 Accepted as an error.
func isAccepted(err error) bool {
	_, ok := err.(*github.AcceptedError)
	return ok
}
