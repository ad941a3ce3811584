// Package otelmetrics is the app's OpenTelemetry metrics instrumentation, the
// counterpart of package prommetrics: the same facts, named and shaped the
// OpenTelemetry way, pushed over OTLP instead of scraped.
package otelmetrics

import (
	"context"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
)

// ScopeName identifies this instrumentation in exported data.
const ScopeName = "workshop/stack/app/internal/otelmetrics"

// Metrics holds the instruments.
type Metrics struct {
	duration httpconv.ServerRequestDuration
	orders   metric.Int64Counter
}

// New creates the instruments on meter.
func New(meter metric.Meter) (*Metrics, error) {
	// httpconv carries the semantic convention's name, unit, description and
	// advised bucket boundaries, so they cannot drift from the spec by hand.
	duration, err := httpconv.NewServerRequestDuration(meter)
	if err != nil {
		return nil, err
	}
	orders, err := meter.Int64Counter("shop.orders",
		metric.WithUnit("{order}"),
		metric.WithDescription("Order attempts, by result (accepted, declined, invalid)."))
	if err != nil {
		return nil, err
	}
	return &Metrics{duration: duration, orders: orders}, nil
}

// Middleware records http.server.request.duration for the routes it wraps.
// http.route is Gin's route template, so cardinality stays bounded.
func (m *Metrics) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()

		c.Next()

		status := c.Writer.Status()
		attrs := []attribute.KeyValue{
			semconv.HTTPRoute(c.FullPath()),
			semconv.HTTPResponseStatusCode(status),
		}
		// The convention marks server-side failures with error.type; for an
		// HTTP server without a more specific error that is the status code.
		if status >= 500 {
			attrs = append(attrs, semconv.ErrorTypeKey.String(strconv.Itoa(status)))
		}
		scheme := "http"
		if c.Request.TLS != nil {
			scheme = "https"
		}
		// The request context carries the server span, so the SDK can attach
		// an exemplar with its trace id.
		m.duration.Record(c.Request.Context(), time.Since(start).Seconds(),
			httpconv.RequestMethodAttr(c.Request.Method), scheme, attrs...)
	}
}

// RecordOrder implements shop.OrderRecorder.
func (m *Metrics) RecordOrder(ctx context.Context, result string) {
	m.orders.Add(ctx, 1, metric.WithAttributes(attribute.String("result", result)))
}
