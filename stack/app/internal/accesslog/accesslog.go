// Package accesslog writes one structured (slog) line per request, in place of
// Gin's own text logger, with the trace id so a log line leads to its trace.
package accesslog

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/trace"
)

// Middleware logs each request it wraps to logger: 5xx at WARN, the rest at INFO.
func Middleware(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()

		c.Next()

		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			level = slog.LevelWarn
		}
		attrs := []slog.Attr{
			slog.String("method", c.Request.Method),
			slog.String("route", c.FullPath()),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", status),
			slog.Float64("duration_s", time.Since(start).Seconds()),
			slog.Int("bytes", max(c.Writer.Size(), 0)), // Size is -1 before any write
			slog.String("client_ip", c.ClientIP()),
		}
		if sc := trace.SpanContextFromContext(c.Request.Context()); sc.HasTraceID() {
			attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()))
		}
		logger.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}
