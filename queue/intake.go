package queue

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/rs/zerolog"
)

// deliveryArgs is a delivery as stored: what the event handler needs.
// River's unique jobs key it by the delivery id alone, in every state until
// the completed job is cleaned out (72 h), so a duplicate or a redelivery of
// an accepted delivery is dropped, by whichever replica receives it.
type deliveryArgs struct {
	Event    string `json:"event"`
	Delivery string `json:"delivery" river:"unique"`
	// Payload is kept as bytes: it is whatever GitHub signed.
	Payload []byte `json:"payload"`
}

func (deliveryArgs) Kind() string { return "github_delivery" }

func (deliveryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Schedule implements githubapp.Scheduler: the dispatcher answers 2xx once
// it returns nil, so the job is committed first. A duplicate is answered
// 2xx and dropped. When the database cannot take the delivery (or the
// process is shutting down) it returns githubapp.ErrCapacityExceeded, which
// the dispatcher answers 503: GitHub records a failed delivery, and the
// catch-up (or a person) has it redelivered.
func (q *Queue) Schedule(ctx context.Context, d githubapp.Dispatch) error {
	logger := zerolog.Ctx(ctx)
	if q.closed.Load() {
		return fmt.Errorf("delivery %s refused: %w (%w)", d.DeliveryID, githubapp.ErrCapacityExceeded, errClosed)
	}
	args := deliveryArgs{Event: d.EventType, Delivery: d.DeliveryID, Payload: d.Payload}
	if args.Delivery == "" {
		// Without an id there is nothing to dedupe by (GitHub always sends one).
		args.Delivery = "no-id-" + rand.Text()
	}
	res, err := q.client.Insert(ctx, args, nil)
	if err != nil {
		q.metrics.intakeFailures.Inc()
		logger.Error().Err(err).Msg("delivery not stored; answered 503 so that GitHub keeps it for redelivery")
		return fmt.Errorf("failed to store delivery %s: %w (%w)", d.DeliveryID, githubapp.ErrCapacityExceeded, err)
	}
	if res.UniqueSkippedAsDuplicate {
		q.metrics.duplicates.Inc()
		logger.Info().Int64("job", res.Job.ID).Msg("duplicate delivery acknowledged and dropped")
		return nil
	}
	logger.Debug().Int64("job", res.Job.ID).Msg("delivery stored")
	return nil
}

// Refuse makes Schedule answer 503 from now on (shutting down).
func (q *Queue) Refuse() { q.closed.Store(true) }
