package audit

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	events   *prometheus.CounterVec
	failures prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	return &metrics{
		events: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gatehouse_audit_events_total",
			Help: "Audit events recorded, by kind.",
		}, []string{"kind"})),
		failures: register(reg, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "gatehouse_audit_write_failures_total",
			Help: "Audit events that could not be appended to the audit file (they were still logged).",
		})),
	}
}

// register shares an already registered collector, so that a second Logger
// on one registry does not panic.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			panic(err)
		}
		return are.ExistingCollector.(C)
	}
	return c
}

func (m *metrics) event(kind string) {
	if !kinds[kind] {
		kind = "other"
	}
	m.events.WithLabelValues(kind).Inc()
}
