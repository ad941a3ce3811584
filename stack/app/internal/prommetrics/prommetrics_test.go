package prommetrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"workshop/stack/app/internal/tracing"
)

func setup(t *testing.T) (*Metrics, *gin.Engine) {
	t.Helper()
	m := New("1.2.3")
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("/api", tracing.Middleware(sdktrace.NewTracerProvider(), propagation.TraceContext{}), m.Middleware())
	api.GET("/products/:id", func(c *gin.Context) {
		if got := testutil.ToFloat64(m.inFlight); got != 1 {
			t.Errorf("in flight during the request: %v, want 1", got)
		}
		c.Status(http.StatusOK)
	})
	return m, r
}

func family(t *testing.T, m *Metrics, name string) *dto.MetricFamily {
	t.Helper()
	mfs, err := m.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf
		}
	}
	t.Fatalf("%s not gathered", name)
	return nil
}

func TestRouteLabelIsTheTemplate(t *testing.T) {
	m, r := setup(t)
	for _, id := range []string{"1", "2", "3"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/products/"+id, nil))
	}
	err := testutil.GatherAndCompare(m.registry, strings.NewReader(`
# HELP http_requests_total HTTP requests handled, by method, route template and status code.
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/products/:id",status="200"} 3
# HELP http_requests_in_flight HTTP requests currently being served.
# TYPE http_requests_in_flight gauge
http_requests_in_flight 0
`), "http_requests_total", "http_requests_in_flight")
	if err != nil {
		t.Fatal(err)
	}
}

func TestHistogramIsClassicAndNative(t *testing.T) {
	m, r := setup(t)
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/products/1", nil))
	h := family(t, m, "http_request_duration_seconds").GetMetric()[0].GetHistogram()
	if h.GetSampleCount() != 1 || len(h.GetBucket()) != len(durationBuckets) {
		t.Fatalf("count %d, %d classic buckets", h.GetSampleCount(), len(h.GetBucket()))
	}
	// Factor 1.1 resolves to schema 3 (2^(2^-3) ≈ 1.09).
	if h.GetSchema() != 3 || len(h.GetPositiveSpan()) == 0 {
		t.Fatalf("schema %d, %d positive spans: native histogram missing", h.GetSchema(), len(h.GetPositiveSpan()))
	}
	if len(h.GetExemplars()) != 1 || h.GetExemplars()[0].GetLabel()[0].GetName() != "trace_id" {
		t.Fatalf("native exemplars %v", h.GetExemplars())
	}
}

func TestOrdersStartAtZeroForEveryResult(t *testing.T) {
	m, _ := setup(t)
	m.RecordOrder(context.Background(), "declined")
	err := testutil.GatherAndCompare(m.registry, strings.NewReader(`
# HELP shop_orders_total Order attempts, by result (accepted, declined, invalid).
# TYPE shop_orders_total counter
shop_orders_total{result="accepted"} 0
shop_orders_total{result="declined"} 1
shop_orders_total{result="invalid"} 0
`), "shop_orders_total")
	if err != nil {
		t.Fatal(err)
	}
}

func TestBuildInfo(t *testing.T) {
	m, _ := setup(t)
	mf := family(t, m, "app_build_info")
	labels := map[string]string{}
	for _, l := range mf.GetMetric()[0].GetLabel() {
		labels[l.GetName()] = l.GetValue()
	}
	if labels["version"] != "1.2.3" || !strings.HasPrefix(labels["goversion"], "go") || mf.GetMetric()[0].GetGauge().GetValue() != 1 {
		t.Fatalf("app_build_info %v", mf.GetMetric()[0])
	}
}

// promlint is the linter behind promtool check metrics.
func TestLintClean(t *testing.T) {
	m, r := setup(t)
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/products/1", nil))
	problems, err := testutil.GatherAndLint(m.registry)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}

// OpenMetrics names a counter's family without _total, so a gauge "x" beside a
// counter "x_total" is two families of one name: scrapers and promtool reject it.
func TestOpenMetricsFamilyNamesAreUnique(t *testing.T) {
	m := New("1.2.3")
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0")
	rec := httptest.NewRecorder()
	m.Handler(nil).ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/openmetrics-text") {
		t.Fatalf("content type %q, want OpenMetrics", ct)
	}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(rec.Body.String(), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 3 || fields[0] != "#" || fields[1] != "TYPE" {
			continue
		}
		if seen[fields[2]] {
			t.Errorf("family %s is declared twice", fields[2])
		}
		seen[fields[2]] = true
	}
	if len(seen) == 0 {
		t.Fatal("no # TYPE lines in the exposition")
	}
}
