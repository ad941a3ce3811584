package router

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"workshop/stack/app/internal/alertsink"
	"workshop/stack/app/internal/otelmetrics"
	"workshop/stack/app/internal/prommetrics"
	"workshop/stack/app/internal/shop"
	"workshop/stack/app/internal/tracing"
)

// app is the real handler wired as main wires it, with in-memory OTel readers.
type app struct {
	handler http.Handler
	ready   *atomic.Bool
	spans   *tracetest.SpanRecorder
	reader  *sdkmetric.ManualReader
	logs    *bytes.Buffer
}

func newApp(t *testing.T, opts shop.Options) *app {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	om, err := otelmetrics.New(mp.Meter(otelmetrics.ScopeName))
	if err != nil {
		t.Fatal(err)
	}
	prom := prommetrics.New("test")
	opts.Orders = []shop.OrderRecorder{prom, om}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	ready := &atomic.Bool{}
	ready.Store(true)
	h := New(Deps{
		Shop: shop.New(opts),
		Instrumentation: []gin.HandlerFunc{
			tracing.Middleware(tp, propagation.TraceContext{}),
			prom.Middleware(),
			om.Middleware(),
		},
		Alerts:  alertsink.New(alertsink.Options{Observe: prom.ObserveNotification}),
		Metrics: prom.Handler(slog.NewLogLogger(logger.Handler(), slog.LevelError)),
		Ready:   ready.Load,
		Logger:  logger,
	})
	return &app{handler: h, ready: ready, spans: spans, reader: reader, logs: &logs}
}

func (a *app) do(method, path, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	a.handler.ServeHTTP(rec, req)
	return rec
}

func TestAlertWebhookIsCountedButNotShopTraffic(t *testing.T) {
	a := newApp(t, shop.Options{})
	notification := `{"receiver":"shop-oncall","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X"}}]}`
	if rec := a.do(http.MethodPost, alertsink.Path, notification, "Content-Type", "application/json", "Host", "app:8080"); rec.Code != http.StatusNoContent {
		t.Fatalf("POST %s: %d %s", alertsink.Path, rec.Code, rec.Body.String())
	}
	body := a.do(http.MethodGet, "/metrics", "").Body.String()
	if want := `alert_webhook_notifications_total{receiver="shop-oncall",status="firing"} 1` + "\n"; !strings.Contains(body, want) {
		t.Errorf("scrape lacks %q:\n%s", want, grep(body, "alert_webhook"))
	}
	if strings.Contains(body, `route="/alerts/webhook"`) {
		t.Errorf("the webhook is counted as shop traffic:\n%s", grep(body, "/alerts/webhook"))
	}
}

const openMetricsAccept = "application/openmetrics-text; version=1.0.0"

func TestOpenMetricsScrape(t *testing.T) {
	a := newApp(t, shop.Options{})
	if rec := a.do(http.MethodGet, "/api/products", ""); rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	traceID := a.spans.Ended()[0].SpanContext().TraceID().String()

	rec := a.do(http.MethodGet, "/metrics", "", "Accept", openMetricsAccept)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/openmetrics-text") {
		t.Fatalf("Content-Type %q", ct)
	}
	body := rec.Body.String()
	// OpenMetrics names a counter's family without _total (the samples keep it);
	// the classic text format names it with _total.
	for _, want := range []string{
		"# TYPE http_requests counter\n",
		"# TYPE http_request_duration_seconds histogram\n",
		"# TYPE http_requests_in_flight gauge\n",
		"# TYPE shop_orders counter\n",
		`app_build_info{goversion="go`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	counter := regexp.MustCompile(`(?m)^http_requests_total\{method="GET",route="/api/products",status="200"\} 1\.0 # \{trace_id="` + traceID + `"\} 1\.0 \d`)
	if !counter.MatchString(body) {
		t.Errorf("no counter sample with exemplar trace_id=%s in:\n%s", traceID, grep(body, "http_requests_total"))
	}
	bucket := regexp.MustCompile(`(?m)^http_request_duration_seconds_bucket\{method="GET",route="/api/products",le="0\.005"\} 1 # \{trace_id="` + traceID + `"\} `)
	if !bucket.MatchString(body) {
		t.Errorf("no bucket exemplar with trace_id=%s in:\n%s", traceID, grep(body, "http_request_duration_seconds_bucket"))
	}
	if !strings.HasSuffix(body, "# EOF\n") {
		t.Errorf("OpenMetrics scrape does not end with # EOF: ...%q", body[max(0, len(body)-40):])
	}
}

func TestClassicTextScrape(t *testing.T) {
	a := newApp(t, shop.Options{})
	a.do(http.MethodGet, "/api/products/1", "")
	rec := a.do(http.MethodGet, "/metrics", "")
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("Content-Type %q", ct)
	}
	body := rec.Body.String()
	for _, want := range []string{
		"# TYPE http_requests_total counter\n",
		`http_requests_total{method="GET",route="/api/products/:id",status="200"} 1` + "\n",
		`shop_orders_total{result="declined"} 0` + "\n",
		"# TYPE go_goroutines gauge\n",
		"# TYPE process_cpu_seconds_total counter\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	if strings.Contains(body, "# EOF") || strings.Contains(body, "trace_id") {
		t.Error("classic text format must carry neither # EOF nor exemplars")
	}
}

func TestOpsAndUnknownRoutesAreNotMeasured(t *testing.T) {
	a := newApp(t, shop.Options{})
	a.do(http.MethodGet, "/healthz", "")
	a.do(http.MethodGet, "/metrics", "")
	rec := a.do(http.MethodDelete, "/wp-admin/"+strings.Repeat("x", 50), "")
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"error":"not found"`) {
		t.Fatalf("unknown route: %d %s", rec.Code, rec.Body)
	}
	body := a.do(http.MethodGet, "/metrics", "").Body.String()
	if strings.Contains(body, "http_requests_total{") {
		t.Fatalf("ops or unknown routes were counted:\n%s", grep(body, "http_requests_total"))
	}
	if !strings.Contains(a.logs.String(), `"path":"/wp-admin/`) {
		t.Error("unknown route not access-logged")
	}
}

func TestHealthz(t *testing.T) {
	a := newApp(t, shop.Options{})
	a.ready.Store(false)
	if rec := a.do(http.MethodGet, "/healthz", ""); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("not ready: status %d", rec.Code)
	}
	a.ready.Store(true)
	if rec := a.do(http.MethodGet, "/healthz", ""); rec.Code != http.StatusOK || rec.Body.String() != "ok" {
		t.Fatalf("ready: %d %q", rec.Code, rec.Body)
	}
}

func TestOrderOutcomesReachBothInstrumentations(t *testing.T) {
	a := newApp(t, shop.Options{FailureRate: 1})
	if rec := a.do(http.MethodPost, "/api/orders", `{"product_id":1,"quantity":1}`); rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	prom := a.do(http.MethodGet, "/metrics", "").Body.String()
	if !strings.Contains(prom, `shop_orders_total{result="declined"} 1`+"\n") ||
		!strings.Contains(prom, `http_requests_total{method="POST",route="/api/orders",status="500"} 1`+"\n") {
		t.Errorf("Prometheus side:\n%s", grep(prom, "shop_orders_total", "http_requests_total"))
	}

	var rm metricdata.ResourceMetrics
	if err := a.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			found[m.Name] = true
		}
	}
	if !found["shop.orders"] || !found["http.server.request.duration"] {
		t.Errorf("OTel side collected %v", found)
	}

	var line map[string]any
	for l := range strings.Lines(a.logs.String()) {
		if strings.Contains(l, `"route":"/api/orders"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	traceID := a.spans.Ended()[0].SpanContext().TraceID().String()
	if line["level"] != "WARN" || line["status"] != 500.0 || line["trace_id"] != traceID {
		t.Errorf("access log line %v, want WARN, status 500, trace_id %s", line, traceID)
	}
}

// grep returns the lines of s containing any of words, for failure messages.
func grep(s string, words ...string) string {
	var out strings.Builder
	for l := range strings.Lines(s) {
		for _, w := range words {
			if strings.Contains(l, w) {
				out.WriteString(l)
				break
			}
		}
	}
	return out.String()
}
