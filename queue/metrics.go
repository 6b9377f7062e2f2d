package queue

import (
	"encoding/json"
	"strconv"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river/rivertype"
)

type metrics struct {
	jobs           *prometheus.GaugeVec
	queueWait      prometheus.Histogram
	redeliveries   prometheus.Counter
	resumed        prometheus.Counter
	duplicates     prometheus.Counter
	intakeFailures prometheus.Counter
	folded         prometheus.CounterFunc
	available      atomic.Int64
}

func newMetrics(reg prometheus.Registerer, db *DB) *metrics {
	m := &metrics{
		jobs: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gatehouse_jobs",
			Help: "Jobs in the database by state (all replicas)."}, []string{"state"}),
		queueWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "gatehouse_queue_wait_seconds",
			Help:    "Time from a delivery stored to its evaluation started.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300}}),
		redeliveries: prometheus.NewCounter(prometheus.CounterOpts{Name: "gatehouse_redeliveries_requested_total",
			Help: "Failed deliveries Gatehouse asked GitHub to redeliver."}),
		resumed: prometheus.NewCounter(prometheus.CounterOpts{Name: "gatehouse_evaluations_resumed_total",
			Help: "Jobs resumed after the process running them stopped."}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{Name: "gatehouse_deliveries_duplicate_total",
			Help: "Deliveries already stored, acknowledged and dropped."}),
		intakeFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "gatehouse_deliveries_not_stored_total",
			Help: "Deliveries answered 503 because the database could not store them."}),
		folded: prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gatehouse_evaluations_folded_total",
			Help: "Evaluations not run because one of the same pull request began after their events were stored."},
			func() float64 { return float64(db.folded.Load()) }),
	}
	if reg != nil {
		reg.MustRegister(m.jobs, m.queueWait, m.redeliveries, m.resumed, m.duplicates, m.intakeFailures, m.folded)
	}
	return m
}

func decodeArgs(job *rivertype.JobRow, v any) error { return json.Unmarshal(job.EncodedArgs, v) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
