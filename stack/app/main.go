// Command app is the workshop's web shop API, instrumented with both the
// Prometheus client and OpenTelemetry so lessons can compare the two.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/bridges/otelslog"

	"workshop/stack/app/internal/alertsink"
	"workshop/stack/app/internal/config"
	"workshop/stack/app/internal/otelmetrics"
	"workshop/stack/app/internal/otelsetup"
	"workshop/stack/app/internal/prommetrics"
	"workshop/stack/app/internal/router"
	"workshop/stack/app/internal/shop"
	"workshop/stack/app/internal/tracing"
	"workshop/stack/app/internal/traffic"
)

// version is stamped at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

// Draining requests and flushing telemetry together stay under Docker's
// default 10 s grace period between SIGTERM and SIGKILL.
const (
	shutdownTimeout = 5 * time.Second
	flushTimeout    = 3 * time.Second
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Getenv, logger)
	stop()
	if err != nil {
		logger.Error(err.Error())
		os.Exit(1)
	}
}

// run serves until ctx is cancelled, then shuts down gracefully.
func run(ctx context.Context, getenv func(string) string, logger *slog.Logger) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return errors.New("invalid configuration: " + err.Error())
	}

	// Bind before setting anything else up, so a busy port fails fast, naming the address.
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return errors.New("cannot listen on " + cfg.Listen + " (APP_LISTEN): " + err.Error())
	}

	tel, err := otelsetup.Setup(ctx, cfg.OTel, version, logger)
	if err != nil {
		_ = ln.Close()
		return err
	}
	// region logs
	// From here on, log lines also go out over OTLP when OTEL_LOGS_EXPORTER=otlp. The SDK's
	// own errors keep the stderr-only logger: an export failure must not log into the exporter.
	if cfg.OTel.ExportLogs {
		logger = slog.New(slog.NewMultiHandler(logger.Handler(),
			otelslog.NewHandler(otelsetup.ServiceName, otelslog.WithLoggerProvider(tel.LoggerProvider))))
	}
	// endregion logs
	defer func() {
		flushCtx, cancel := context.WithTimeout(context.Background(), flushTimeout)
		defer cancel()
		tel.Shutdown(flushCtx)
	}()

	prom := prommetrics.New(version)
	otelMetrics, err := otelmetrics.New(tel.MeterProvider.Meter(otelmetrics.ScopeName))
	if err != nil {
		_ = ln.Close()
		return err
	}

	var ready atomic.Bool
	handler := router.New(router.Deps{
		Shop: shop.New(shop.Options{
			FailureRate: cfg.FailureRate,
			Orders:      []shop.OrderRecorder{prom, otelMetrics},
		}),
		Instrumentation: []gin.HandlerFunc{
			tracing.Middleware(tel.TracerProvider, tel.Propagator),
			prom.Middleware(),
			otelMetrics.Middleware(),
		},
		Alerts:  alertsink.New(alertsink.Options{Observe: prom.ObserveNotification}),
		Metrics: prom.Handler(slog.NewLogLogger(logger.Handler(), slog.LevelError)),
		Ready:   ready.Load,
		Logger:  logger,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	ready.Store(true)
	logger.Info("serving", "addr", ln.Addr().String(), "version", version,
		"failure_rate", cfg.FailureRate, "traffic_rps", cfg.TrafficRPS,
		"otel_disabled", cfg.OTel.Disabled, "otlp_endpoint", cfg.OTel.Endpoint,
		"metric_export_interval", cfg.OTel.ExportInterval.String(), "export_traces", cfg.OTel.ExportTraces,
		"export_logs", cfg.OTel.ExportLogs)

	trafficCtx, stopTraffic := context.WithCancel(ctx)
	defer stopTraffic()
	var trafficDone sync.WaitGroup
	if cfg.TrafficRPS > 0 {
		trafficDone.Go(func() {
			traffic.Run(trafficCtx, traffic.Config{
				BaseURL:    traffic.BaseURL(ln.Addr()),
				RPS:        cfg.TrafficRPS,
				ProductIDs: shop.ProductIDs(),
				Logger:     logger,
			})
		})
	}

	select {
	case err := <-serveErr:
		stopTraffic()
		trafficDone.Wait()
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	ready.Store(false)
	stopTraffic()
	trafficDone.Wait()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return errors.New("shutting down HTTP server: " + err.Error())
	}
	logger.Info("HTTP server stopped; flushing telemetry")
	return nil
}
