// Package otelsetup builds the OpenTelemetry SDK: the resource describing this
// process, a meter provider pushing OTLP/HTTP, an always-sampling tracer
// provider whose spans are exported only on request, and, on request too, a
// logger provider that ships the app's log lines over OTLP.
package otelsetup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-logr/logr"
	"github.com/google/uuid"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otellog "go.opentelemetry.io/otel/log"
	lognoop "go.opentelemetry.io/otel/log/noop"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"workshop/stack/app/internal/config"
)

// ServiceName is the service.name every signal carries.
const ServiceName = "workshop-app"

// logExportInterval is how often batched log records are shipped: short, so a
// request shows up in Loki within a couple of seconds.
const logExportInterval = time.Second

// errorLogInterval is how often, at most, SDK errors reach the log. A collector
// that is not up yet fails every export; once a minute says so without drowning
// the app's own logs.
const errorLogInterval = time.Minute

// Telemetry is the configured SDK, or no-ops when it is disabled.
type Telemetry struct {
	MeterProvider  metric.MeterProvider
	TracerProvider trace.TracerProvider
	// LoggerProvider is a no-op unless OTEL_LOGS_EXPORTER=otlp.
	LoggerProvider otellog.LoggerProvider
	Propagator     propagation.TextMapPropagator
	shutdown       []func(context.Context) error
}

// Setup builds the providers described by cfg. It also routes the SDK's
// internal errors and log lines into logger, errors throttled.
func Setup(ctx context.Context, cfg config.OTel, version string, logger *slog.Logger) (*Telemetry, error) {
	otel.SetLogger(logr.FromSlogHandler(logger.Handler()))
	otel.SetErrorHandler(newThrottledErrorHandler(logger, errorLogInterval, time.Now))

	t := &Telemetry{
		Propagator:     propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
		LoggerProvider: lognoop.NewLoggerProvider(),
	}
	if cfg.Disabled {
		t.MeterProvider = metricnoop.NewMeterProvider()
		t.TracerProvider = tracenoop.NewTracerProvider()
		return t, nil
	}

	res, err := newResource(ctx, version)
	if err != nil {
		return nil, err
	}

	// The exporters only build an HTTP client here; nothing dials until the
	// first export, so a collector that is not up yet cannot fail startup.
	metricExporter, err := otlpmetrichttp.New(ctx, otlpmetrichttp.WithEndpointURL(cfg.Endpoint+"/v1/metrics"))
	if err != nil {
		return nil, fmt.Errorf("OTLP metric exporter: %w", err)
	}
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(res),
		sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metricExporter, sdkmetric.WithInterval(cfg.ExportInterval))),
	)
	t.MeterProvider = mp
	t.shutdown = append(t.shutdown, mp.Shutdown)

	// Always sample, whatever a caller's traceparent says: every request needs
	// a trace id for exemplars even when no span is ever exported.
	traceOpts := []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
	}
	if cfg.ExportTraces {
		spanExporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(cfg.Endpoint+"/v1/traces"))
		if err != nil {
			return nil, errors.Join(fmt.Errorf("OTLP span exporter: %w", err), mp.Shutdown(ctx))
		}
		traceOpts = append(traceOpts, sdktrace.WithBatcher(spanExporter))
	}
	tp := sdktrace.NewTracerProvider(traceOpts...)
	t.TracerProvider = tp
	t.shutdown = append(t.shutdown, tp.Shutdown)

	// region logs
	if cfg.ExportLogs {
		logExporter, err := otlploghttp.New(ctx, otlploghttp.WithEndpointURL(cfg.Endpoint+"/v1/logs"))
		if err != nil {
			return nil, errors.Join(fmt.Errorf("OTLP log exporter: %w", err), mp.Shutdown(ctx), tp.Shutdown(ctx))
		}
		lp := sdklog.NewLoggerProvider(
			sdklog.WithResource(res),
			sdklog.WithProcessor(sdklog.NewBatchProcessor(logExporter, sdklog.WithExportInterval(logExportInterval))),
		)
		t.LoggerProvider = lp
		t.shutdown = append(t.shutdown, lp.Shutdown)
	}
	// endregion logs
	return t, nil
}

// Shutdown flushes and stops the providers; ctx bounds how long that may take.
// A failed final export goes to the throttled error handler like any other,
// rather than being returned.
func (t *Telemetry) Shutdown(ctx context.Context) {
	for _, shutdown := range t.shutdown {
		if err := shutdown(ctx); err != nil {
			otel.Handle(err)
		}
	}
}

// newResource describes this process. Only local detectors are used: no cloud
// metadata endpoints, which would hang or fail on a laptop. OTEL_SERVICE_NAME
// and OTEL_RESOURCE_ATTRIBUTES come last and so win.
//
// service.instance.id tells replicas of one service apart: Mimir turns it into
// the instance label, so without it two copies of the app would write the same
// series. The resource semantic conventions recommend a random UUID per process.
func newResource(ctx context.Context, version string) (*resource.Resource, error) {
	res, err := resource.New(ctx,
		resource.WithSchemaURL(semconv.SchemaURL),
		resource.WithAttributes(
			semconv.ServiceName(ServiceName),
			semconv.ServiceInstanceID(uuid.NewString()),
			semconv.ServiceVersion(version),
			semconv.DeploymentEnvironmentNameKey.String("workshop"),
		),
		resource.WithTelemetrySDK(),
		resource.WithHost(),
		resource.WithOS(),
		resource.WithContainer(),
		resource.WithProcessPID(),
		resource.WithProcessExecutableName(),
		resource.WithProcessRuntimeName(),
		resource.WithProcessRuntimeVersion(),
		resource.WithFromEnv(),
	)
	// A detector that finds nothing (no container outside Docker) yields a
	// partial resource, which is still the right one to use.
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, fmt.Errorf("OpenTelemetry resource: %w", err)
	}
	return res, nil
}
