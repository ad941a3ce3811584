// Package prommetrics is the app's Prometheus client_golang instrumentation:
// the RED metrics of the HTTP API, the order outcomes, and the /metrics
// handler that exposes them, with exemplars, in classic text or OpenMetrics.
package prommetrics

import (
	"context"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/trace"

	"workshop/stack/app/internal/shop"
)

// durationBuckets are the OpenTelemetry semantic-convention boundaries for
// http.server.request.duration, so lessons can compare the Prometheus and the
// OTel histogram bucket for bucket.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// Metrics owns a private registry, so tests and the app never share global state.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	orders   *prometheus.CounterVec
	alerts   *prometheus.CounterVec
}

// New registers the app's metrics, the Go runtime and process collectors, and
// app_build_info for version.
func New(version string) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests handled, by method, route template and status code.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "HTTP request latency, by method and route template.",
			Buckets: durationBuckets,
			// A scraper that negotiates protobuf gets a native histogram as
			// well; text scrapes see the classic buckets above.
			NativeHistogramBucketFactor: 1.1,
			// Bounded, because latencies come from outside input; on overflow
			// the resolution drops rather than memory growing.
			NativeHistogramMaxBucketNumber:  160,
			NativeHistogramMinResetDuration: time.Hour,
		}, []string{"method", "route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_requests_in_flight",
			Help: "HTTP requests currently being served.",
		}),
		orders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "shop_orders_total",
			Help: "Order attempts, by result (accepted, declined, invalid).",
		}, []string{"result"}),
		alerts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "alert_webhook_notifications_total",
			Help: "Alertmanager notifications the shop's on-call webhook received, by receiver and status (firing, resolved).",
		}, []string{"receiver", "status"}),
	}
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "app_build_info",
		Help:        "Always 1; the labels carry the build's version and Go version.",
		ConstLabels: prometheus.Labels{"version": version, "goversion": runtime.Version()},
	})
	buildInfo.Set(1)

	m.registry.MustRegister(
		// runtime/metrics instead of the legacy MemStats set: MemStats exposes both a
		// gauge go_memstats_alloc_bytes and a counter go_memstats_alloc_bytes_total,
		// which OpenMetrics reads as two families of one name, an invalid exposition.
		collectors.NewGoCollector(
			collectors.WithGoCollectorMemStatsMetricsDisabled(),
			collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsGC, collectors.MetricsMemory),
		),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.inFlight, m.orders, m.alerts, buildInfo,
	)
	// Zero-valued series from the start, so rate() and ratios work before the
	// first declined or invalid order.
	for _, r := range shop.OrderResults() {
		m.orders.WithLabelValues(r)
	}
	return m
}

// Middleware measures every request of the routes it wraps. The route label is
// Gin's route template (/api/products/:id), never the raw path, so the number of
// series is bounded by the route table, not by what clients send.
func (m *Metrics) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		start := time.Now()

		c.Next()

		elapsed := time.Since(start).Seconds()
		method, route := c.Request.Method, c.FullPath()
		exemplar := traceExemplar(c.Request.Context())
		requests := m.requests.WithLabelValues(method, route, strconv.Itoa(c.Writer.Status()))
		duration := m.duration.WithLabelValues(method, route)
		if exemplar == nil {
			requests.Inc()
			duration.Observe(elapsed)
			return
		}
		requests.(prometheus.ExemplarAdder).AddWithExemplar(1, exemplar)
		duration.(prometheus.ExemplarObserver).ObserveWithExemplar(elapsed, exemplar)
	}
}

// RecordOrder implements shop.OrderRecorder.
func (m *Metrics) RecordOrder(ctx context.Context, result string) {
	c := m.orders.WithLabelValues(result)
	if exemplar := traceExemplar(ctx); exemplar != nil {
		c.(prometheus.ExemplarAdder).AddWithExemplar(1, exemplar)
		return
	}
	c.Inc()
}

// ObserveNotification counts a notification the alert sink accepted. Receiver
// names come from Alertmanager configurations, which bound them.
func (m *Metrics) ObserveNotification(receiver, status string) {
	m.alerts.WithLabelValues(receiver, status).Inc()
}

// Handler serves the registry. OpenMetrics is offered so a scraper that asks
// for it gets exemplars and the # EOF marker; anything else gets the classic
// text format. errorLog receives gathering and encoding errors.
func (m *Metrics) Handler(errorLog promhttp.Logger) http.Handler {
	return promhttp.InstrumentMetricHandler(m.registry, promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		EnableOpenMetrics: true,
		ErrorLog:          errorLog,
		Registry:          m.registry,
	}))
}

// traceExemplar links a sample to the request's trace, or returns nil when
// there is none (OTEL_SDK_DISABLED, or a request outside the traced routes).
func traceExemplar(ctx context.Context) prometheus.Labels {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.HasTraceID() {
		return nil
	}
	return prometheus.Labels{"trace_id": sc.TraceID().String()}
}
