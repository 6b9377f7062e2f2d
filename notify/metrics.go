package notify

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

const (
	outcomeSent    = "sent"
	outcomeFailed  = "failed"
	outcomeDropped = "dropped"
)

type metrics struct {
	total *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	total := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gatehouse_notifications_total",
		Help: "Outgoing webhook notifications by kind and outcome (sent, failed after retries, dropped unsent).",
	}, []string{"kind", "outcome"})
	if err := reg.Register(total); err != nil {
		// A second Notifier on the same registry (a test, a restart of the
		// component) shares the counters instead of panicking.
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			panic(err)
		}
		total = are.ExistingCollector.(*prometheus.CounterVec)
	}
	return &metrics{total: total}
}

// count keeps the kind label to the known vocabulary so that a caller's
// typo or free text cannot grow the metric's cardinality.
func (m *metrics) count(kind, outcome string) {
	if _, ok := titles[kind]; !ok {
		kind = "other"
	}
	m.total.WithLabelValues(kind, outcome).Inc()
}
