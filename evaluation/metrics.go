package evaluation

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gatehouse-sec/gatehouse/checks"
	"github.com/gatehouse-sec/gatehouse/internal/httpx"
)

// Metrics are the evaluation metrics Gatehouse exports. Labels carry only
// fixed vocabularies (conclusions), never repository content.
type Metrics struct {
	evaluations *prometheus.CounterVec
	duration    prometheus.Histogram
	apiCalls    *prometheus.CounterVec
}

// NewMetrics registers the metrics with reg (nil: a private registry, for tests).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &Metrics{
		evaluations: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gatehouse_evaluations_total",
			Help: "Pull request evaluations by gate conclusion (error: could not finish)."}, []string{"conclusion"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "gatehouse_evaluation_duration_seconds",
			Help: "Time from the start of an evaluation to its published gate.", Buckets: prometheus.ExponentialBuckets(0.05, 2, 12)}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gatehouse_github_requests_total",
			Help: "GitHub API requests sent by evaluations; not_modified ones cost no rate limit."}, []string{"kind"}),
	}
	reg.MustRegister(m.evaluations, m.duration, m.apiCalls)
	return m
}

func (m *Metrics) observeEvaluation(conclusion string, took time.Duration, calls *httpx.APICalls) {
	if conclusion == "" {
		conclusion = "none"
	}
	m.evaluations.WithLabelValues(conclusion).Inc()
	m.duration.Observe(took.Seconds())
	m.apiCalls.WithLabelValues("costed").Add(float64(calls.Costed()))
	m.apiCalls.WithLabelValues("not_modified").Add(float64(calls.NotModified.Load()))
}

func asPanic(err error, target **checks.PanicError) bool { return errors.As(err, target) }
