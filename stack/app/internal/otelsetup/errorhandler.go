package otelsetup

import (
	"log/slog"
	"sync"
	"time"
)

// throttledErrorHandler logs the first SDK error, then at most one per
// interval, counting the ones it held back in between.
type throttledErrorHandler struct {
	logger   *slog.Logger
	interval time.Duration
	now      func() time.Time

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

func newThrottledErrorHandler(logger *slog.Logger, interval time.Duration, now func() time.Time) *throttledErrorHandler {
	return &throttledErrorHandler{logger: logger, interval: interval, now: now}
}

// Handle implements otel.ErrorHandler.
func (h *throttledErrorHandler) Handle(err error) {
	h.mu.Lock()
	now := h.now()
	if !h.last.IsZero() && now.Sub(h.last) < h.interval {
		h.suppressed++
		h.mu.Unlock()
		return
	}
	suppressed := h.suppressed
	h.last, h.suppressed = now, 0
	h.mu.Unlock()

	// WARN, not ERROR: in the workshop this is mostly "collector not up yet",
	// and the app keeps serving regardless.
	h.logger.Warn("OpenTelemetry SDK error (export failures are expected until the OTLP receiver is up)",
		"error", err.Error(),
		"suppressed_since_last", suppressed,
		"next_report_after", h.interval.String())
}
