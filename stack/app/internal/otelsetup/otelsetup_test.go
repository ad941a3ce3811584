package otelsetup

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/trace"
	collogpb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	"google.golang.org/protobuf/proto"

	"workshop/stack/app/internal/config"
)

// syncBuffer is a log sink the SDK's goroutines may write to concurrently.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestThrottledErrorHandler(t *testing.T) {
	var logs syncBuffer
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := newThrottledErrorHandler(slog.New(slog.NewJSONHandler(&logs, nil)), time.Minute, func() time.Time { return now })

	h.Handle(errors.New("first"))
	for range 10 {
		now = now.Add(5 * time.Second)
		h.Handle(errors.New("held back"))
	}
	if got := strings.Count(logs.String(), "\n"); got != 1 {
		t.Fatalf("%d lines within the first minute, want 1:\n%s", got, logs.String())
	}
	now = now.Add(15 * time.Second)
	h.Handle(errors.New("next minute"))
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], `"error":"next minute"`) || !strings.Contains(lines[1], `"suppressed_since_last":10`) {
		t.Fatalf("after a minute, want one more line reporting 10 suppressed:\n%s", logs.String())
	}
}

func TestDisabledIsNoop(t *testing.T) {
	tel, err := Setup(context.Background(), config.OTel{Disabled: true}, "test", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	if _, ok := tel.MeterProvider.(noop.MeterProvider); !ok {
		t.Fatalf("meter provider %T, want noop", tel.MeterProvider)
	}
	_, span := tel.TracerProvider.Tracer("t").Start(context.Background(), "s")
	if span.SpanContext().IsValid() {
		t.Fatal("disabled SDK still makes trace ids")
	}
}

func TestResource(t *testing.T) {
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=override,team=workshop")
	res, err := newResource(context.Background(), "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, kv := range res.Attributes() {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	for k, want := range map[string]string{
		"service.name":                "workshop-app",
		"service.version":             "1.2.3",
		"deployment.environment.name": "override",
		"team":                        "workshop",
		"telemetry.sdk.language":      "go",
		"process.runtime.name":        "go",
	} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
	for _, k := range []string{"host.name", "os.type", "process.pid"} {
		if got[k] == "" {
			t.Errorf("%s missing", k)
		}
	}
}

// otlpReceiver is a local OTLP/HTTP endpoint for one signal: each export
// posted to path is decoded and passed on the channel. Exports of the other
// signals (a final metrics flush) are accepted and dropped. The server closes
// when the test ends.
func otlpReceiver[Req proto.Message](t *testing.T, path string, newRequest func() Req, response proto.Message) (*httptest.Server, <-chan Req) {
	t.Helper()
	received := make(chan Req, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			w.WriteHeader(http.StatusOK)
			return
		}
		body, _ := io.ReadAll(r.Body)
		req := newRequest()
		if err := proto.Unmarshal(body, req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		received <- req
		w.Header().Set("Content-Type", "application/x-protobuf")
		out, _ := proto.Marshal(response)
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv, received
}

// TestExportsOverOTLPHTTP runs the real exporter against a local OTLP/HTTP
// receiver and checks what arrives.
func TestExportsOverOTLPHTTP(t *testing.T) {
	srv, received := otlpReceiver(t, "/otlp/v1/metrics",
		func() *colmetricpb.ExportMetricsServiceRequest { return &colmetricpb.ExportMetricsServiceRequest{} },
		&colmetricpb.ExportMetricsServiceResponse{})

	var logs syncBuffer
	tel, err := Setup(context.Background(), config.OTel{
		Endpoint:       srv.URL + "/otlp",
		ExportInterval: 50 * time.Millisecond,
	}, "1.2.3", slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())

	ctx, span := tel.TracerProvider.Tracer("t").Start(context.Background(), "s")
	if !span.SpanContext().IsSampled() {
		t.Fatal("span not sampled: exemplars need every request sampled")
	}
	counter, _ := tel.MeterProvider.Meter("test").Int64Counter("test.requests")
	counter.Add(ctx, 3)
	span.End()

	select {
	case req := <-received:
		rm := req.GetResourceMetrics()[0]
		attrs := map[string]string{}
		for _, kv := range rm.GetResource().GetAttributes() {
			attrs[kv.GetKey()] = kv.GetValue().GetStringValue()
		}
		if attrs["service.name"] != "workshop-app" || attrs["service.version"] != "1.2.3" || attrs["deployment.environment.name"] != "workshop" {
			t.Errorf("resource %v", attrs)
		}
		m := rm.GetScopeMetrics()[0].GetMetrics()[0]
		if m.GetName() != "test.requests" || m.GetSum().GetDataPoints()[0].GetAsInt() != 3 {
			t.Errorf("metric %v", m)
		}
		if ex := m.GetSum().GetDataPoints()[0].GetExemplars(); len(ex) == 0 || trace.TraceID(ex[0].GetTraceId()) != span.SpanContext().TraceID() {
			t.Errorf("exemplars %v, want trace %s", ex, span.SpanContext().TraceID())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("nothing exported; logs:\n%s", logs.String())
	}
}

// TestUnreachableCollectorLogsOnce: with no receiver, periodic exports and the
// final flush all fail, and the log gets one line.
func TestUnreachableCollectorLogsOnce(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	endpoint := srv.URL
	srv.Close() // a port on 127.0.0.1 that now refuses connections

	var logs syncBuffer
	tel, err := Setup(context.Background(), config.OTel{
		Endpoint:       endpoint,
		ExportInterval: 20 * time.Millisecond,
	}, "test", slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	counter, _ := tel.MeterProvider.Meter("test").Int64Counter("test.requests")
	counter.Add(context.Background(), 1)
	time.Sleep(200 * time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	tel.Shutdown(ctx)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v with the collector down", d)
	}
	if n := strings.Count(logs.String(), "OpenTelemetry SDK error"); n != 1 {
		t.Fatalf("%d error lines, want exactly 1:\n%s", n, logs.String())
	}
}

// TestExportsLogsOnlyWhenAsked: with ExportLogs, a record emitted through the
// logger provider reaches /v1/logs with the process's resource; without it,
// the provider is a no-op and nothing is posted there.
func TestExportsLogsOnlyWhenAsked(t *testing.T) {
	srv, received := otlpReceiver(t, "/otlp/v1/logs",
		func() *collogpb.ExportLogsServiceRequest { return &collogpb.ExportLogsServiceRequest{} },
		&collogpb.ExportLogsServiceResponse{})

	emit := func(exportLogs bool) {
		tel, err := Setup(context.Background(), config.OTel{
			Endpoint:       srv.URL + "/otlp",
			ExportInterval: time.Hour,
			ExportLogs:     exportLogs,
		}, "1.2.3", slog.New(slog.NewJSONHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		var record otellog.Record
		record.SetBody(attribute.StringValue("order placed"))
		record.SetSeverity(otellog.SeverityInfo)
		tel.LoggerProvider.Logger("test").Emit(context.Background(), record)
		tel.Shutdown(context.Background()) // flushes the batch
	}

	emit(false)
	select {
	case req := <-received:
		t.Fatalf("logs exported with ExportLogs off: %v", req)
	default:
	}

	emit(true)
	select {
	case req := <-received:
		rl := req.GetResourceLogs()[0]
		attrs := map[string]string{}
		for _, kv := range rl.GetResource().GetAttributes() {
			attrs[kv.GetKey()] = kv.GetValue().GetStringValue()
		}
		if attrs["service.name"] != "workshop-app" {
			t.Errorf("resource %v", attrs)
		}
		if body := rl.GetScopeLogs()[0].GetLogRecords()[0].GetBody().GetStringValue(); body != "order placed" {
			t.Errorf("body %q", body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no logs exported with ExportLogs on")
	}
}
