package queue

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/palantir/go-githubapp/githubapp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
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
	res, err := q.insert(ctx, args)
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

// Deliveries that arrive together are stored together: one goroutine takes
// whatever waits (up to maxBatch) and inserts it in one transaction, so a
// burst costs one commit (one fsync with SQLite) instead of one each, and
// the single SQLite connection is not fought over by every request.
const maxBatch = 200

type insertReq struct {
	args deliveryArgs
	done chan insertRes
}

type insertRes struct {
	res *rivertype.JobInsertResult
	err error
}

// insert stores args through the batcher and waits for its commit.
func (q *Queue) insert(ctx context.Context, args deliveryArgs) (*rivertype.JobInsertResult, error) {
	req := insertReq{args: args, done: make(chan insertRes, 1)}
	select {
	case q.inserts <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case r := <-req.done:
		return r.res, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (q *Queue) batchInserts() {
	for first := range q.inserts {
		batch := []insertReq{first}
	more:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-q.inserts:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		q.insertBatch(batch)
	}
}

// insertBatch inserts one job per distinct delivery id; later copies of an
// id in the same batch are duplicates of the first.
func (q *Queue) insertBatch(batch []insertReq) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	first := map[string]int{}
	var params []river.InsertManyParams
	for _, r := range batch {
		if _, ok := first[r.args.Delivery]; !ok {
			first[r.args.Delivery] = len(params)
			params = append(params, river.InsertManyParams{Args: r.args})
		}
	}
	results, err := q.client.InsertMany(ctx, params)
	seen := map[string]bool{}
	for _, r := range batch {
		if err != nil {
			r.done <- insertRes{err: err}
			continue
		}
		res := results[first[r.args.Delivery]]
		if seen[r.args.Delivery] {
			res = &rivertype.JobInsertResult{Job: res.Job, UniqueSkippedAsDuplicate: true}
		}
		seen[r.args.Delivery] = true
		r.done <- insertRes{res: res}
	}
}
