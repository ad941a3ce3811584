package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// serviceName names this program in every metric it pushes. Mimir turns it
// into the job label (service.namespace/service.name when a namespace is set).
const serviceName = "lab-03-checkout"

// otlpEndpoint is where metrics are pushed: Alloy's OTLP/HTTP receiver, which
// batches them and forwards them to Mimir (tenant "otel").
func otlpEndpoint() string {
	if endpoint := os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); endpoint != "" {
		return endpoint
	}
	return "http://127.0.0.1:4318"
}

// setupOTel builds a MeterProvider that pushes every metric over OTLP/HTTP.
// The caller must Shutdown it so the last export is flushed.
func setupOTel(ctx context.Context) (*sdkmetric.MeterProvider, error) {
	// The resource describes the process, not a single metric. Mimir stores
	// service.name and service.instance.id as the job and instance labels and
	// every other attribute on a separate target_info series.
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(), // telemetry.sdk.name/language/version
		resource.WithAttributes(
			semconv.ServiceName(serviceName),
			semconv.ServiceVersion("1.0.0"),
		),
		// OTEL_RESOURCE_ATTRIBUTES: the checker sets service.instance.id there,
		// to tell this run's series from earlier ones.
		resource.WithFromEnv(),
	)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, fmt.Errorf("OpenTelemetry resource: %w", err)
	}

	exporter, err := otlpmetrichttp.New(ctx, otlpmetrichttp.WithEndpointURL(otlpEndpoint()+"/v1/metrics"))
	if err != nil {
		return nil, fmt.Errorf("OTLP metric exporter: %w", err)
	}

	// Unlike a Prometheus scrape, OTLP pushes: the periodic reader collects
	// every instrument and exports on a timer (OTEL_METRIC_EXPORT_INTERVAL,
	// 60 s by default; the checker sets 2 s).
	return sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(res),
		sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exporter)),
	), nil
}
