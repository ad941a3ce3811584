package otelmetrics

import (
	"context"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"workshop/stack/app/internal/tracing"
)

func setup(t *testing.T) (*Metrics, *sdkmetric.ManualReader, *gin.Engine) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	tp := sdktrace.NewTracerProvider()
	t.Cleanup(func() {
		_ = mp.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	m, err := New(mp.Meter(ScopeName))
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("/api", tracing.Middleware(tp, propagation.TraceContext{}), m.Middleware())
	api.GET("/products/:id", func(c *gin.Context) { c.Status(http.StatusOK) })
	api.POST("/orders", func(c *gin.Context) {
		m.RecordOrder(c.Request.Context(), "declined")
		c.Status(http.StatusInternalServerError)
	})
	return m, reader, r
}

func collect(t *testing.T, reader *sdkmetric.ManualReader, name string) metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != ScopeName {
			continue
		}
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m
			}
		}
	}
	t.Fatalf("metric %s not collected", name)
	return metricdata.Metrics{}
}

func serve(r http.Handler, method, path string) {
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil))
}

func distinct(kv ...attribute.KeyValue) attribute.Distinct {
	s := attribute.NewSet(kv...)
	return s.Equivalent()
}

func TestServerRequestDuration(t *testing.T) {
	_, reader, r := setup(t)
	serve(r, http.MethodGet, "/api/products/1")
	serve(r, http.MethodGet, "/api/products/2")
	serve(r, http.MethodPost, "/api/orders")

	m := collect(t, reader, "http.server.request.duration")
	if m.Unit != "s" {
		t.Fatalf("unit %q, want s", m.Unit)
	}
	h, ok := m.Data.(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("data is %T, want a float64 histogram", m.Data)
	}
	if h.Temporality != metricdata.CumulativeTemporality {
		t.Fatalf("temporality %v, want cumulative (what Prometheus-style backends expect)", h.Temporality)
	}
	want := map[attribute.Distinct]uint64{
		distinct(
			attribute.String("http.request.method", "GET"),
			attribute.String("http.route", "/api/products/:id"),
			attribute.Int("http.response.status_code", 200),
			attribute.String("url.scheme", "http"),
		): 2,
		distinct(
			attribute.String("http.request.method", "POST"),
			attribute.String("http.route", "/api/orders"),
			attribute.Int("http.response.status_code", 500),
			attribute.String("url.scheme", "http"),
			attribute.String("error.type", "500"),
		): 1,
	}
	if len(h.DataPoints) != len(want) {
		t.Fatalf("%d data points, want %d: %+v", len(h.DataPoints), len(want), h.DataPoints)
	}
	for _, dp := range h.DataPoints {
		count, ok := want[dp.Attributes.Equivalent()]
		if !ok {
			t.Fatalf("unexpected attributes %v", dp.Attributes.ToSlice())
		}
		if dp.Count != count {
			t.Errorf("%v: count %d, want %d", dp.Attributes.ToSlice(), dp.Count, count)
		}
		// The semantic convention's advised boundaries, first to last.
		if len(dp.Bounds) != 14 || dp.Bounds[0] != 0.005 || dp.Bounds[13] != 10 {
			t.Errorf("bounds %v", dp.Bounds)
		}
		if len(dp.Exemplars) == 0 || hex.EncodeToString(dp.Exemplars[0].TraceID) == "00000000000000000000000000000000" {
			t.Errorf("%v: no exemplar with a trace id: %+v", dp.Attributes.ToSlice(), dp.Exemplars)
		}
	}
}

func TestShopOrders(t *testing.T) {
	m, reader, r := setup(t)
	serve(r, http.MethodPost, "/api/orders")
	m.RecordOrder(context.Background(), "accepted")
	m.RecordOrder(context.Background(), "accepted")

	got := collect(t, reader, "shop.orders")
	if got.Unit != "{order}" {
		t.Fatalf("unit %q, want {order}", got.Unit)
	}
	sum, ok := got.Data.(metricdata.Sum[int64])
	if !ok || !sum.IsMonotonic {
		t.Fatalf("data is %#v, want a monotonic int64 sum (a counter)", got.Data)
	}
	byResult := map[string]int64{}
	for _, dp := range sum.DataPoints {
		v, _ := dp.Attributes.Value("result")
		byResult[v.AsString()] = dp.Value
		if dp.Attributes.Len() != 1 {
			t.Errorf("attributes %v, want only result", dp.Attributes.ToSlice())
		}
	}
	if byResult["accepted"] != 2 || byResult["declined"] != 1 || len(byResult) != 2 {
		t.Fatalf("got %v", byResult)
	}
}
