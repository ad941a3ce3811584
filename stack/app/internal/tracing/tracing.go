// Package tracing starts a server span for every request, so each request has
// a trace id that logs and metric exemplars can point to.
package tracing

import (
	"strconv"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName identifies this instrumentation in exported spans.
const ScopeName = "workshop/stack/app/internal/tracing"

// Middleware wraps each request in a server span. An incoming W3C traceparent
// (read through propagator) makes the span part of the caller's trace.
func Middleware(tp trace.TracerProvider, propagator propagation.TextMapPropagator) gin.HandlerFunc {
	tracer := tp.Tracer(ScopeName)
	return func(c *gin.Context) {
		route := c.FullPath()
		ctx := propagator.Extract(c.Request.Context(), propagation.HeaderCarrier(c.Request.Header))
		ctx, span := tracer.Start(ctx, c.Request.Method+" "+route,
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(
				semconv.HTTPRequestMethodKey.String(c.Request.Method),
				semconv.HTTPRoute(route),
				semconv.URLPath(c.Request.URL.Path),
			))
		defer span.End()
		c.Request = c.Request.WithContext(ctx)

		c.Next()

		status := c.Writer.Status()
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		// Per the HTTP conventions only 5xx mark a server span as failed; a
		// 4xx is the client's mistake.
		if status >= 500 {
			span.SetAttributes(semconv.ErrorTypeKey.String(strconv.Itoa(status)))
			span.SetStatus(codes.Error, "")
		}
	}
}
