package tracing

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func setup(t *testing.T) (*tracetest.SpanRecorder, *gin.Engine, *string) {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	var seen string
	api := r.Group("/api", Middleware(tp, propagation.TraceContext{}))
	api.GET("/products/:id", func(c *gin.Context) {
		seen = trace.SpanContextFromContext(c.Request.Context()).TraceID().String()
		c.Status(http.StatusNotFound)
	})
	api.POST("/orders", func(c *gin.Context) { c.Status(http.StatusInternalServerError) })
	return spans, r, &seen
}

func attr(s sdktrace.ReadOnlySpan, key string) attribute.Value {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

func TestServerSpanPerRequest(t *testing.T) {
	spans, r, seen := setup(t)
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/products/42", nil))

	ended := spans.Ended()
	if len(ended) != 1 {
		t.Fatalf("%d spans, want 1", len(ended))
	}
	s := ended[0]
	if s.Name() != "GET /api/products/:id" || s.SpanKind() != trace.SpanKindServer {
		t.Fatalf("span %q kind %v", s.Name(), s.SpanKind())
	}
	if *seen != s.SpanContext().TraceID().String() {
		t.Fatalf("handler saw trace %s, span has %s", *seen, s.SpanContext().TraceID())
	}
	if got := attr(s, "http.route").AsString(); got != "/api/products/:id" {
		t.Errorf("http.route %q", got)
	}
	if got := attr(s, "url.path").AsString(); got != "/api/products/42" {
		t.Errorf("url.path %q", got)
	}
	if got := attr(s, "http.response.status_code").AsInt64(); got != 404 {
		t.Errorf("status code %d", got)
	}
	if s.Status().Code == codes.Error {
		t.Error("a 404 must not mark the server span as failed")
	}
}

func TestServerErrorMarksSpan(t *testing.T) {
	spans, r, _ := setup(t)
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/api/orders", nil))
	s := spans.Ended()[0]
	if s.Status().Code != codes.Error || attr(s, "error.type").AsString() != "500" {
		t.Fatalf("status %v, error.type %q", s.Status(), attr(s, "error.type").AsString())
	}
}

func TestContinuesIncomingTrace(t *testing.T) {
	spans, r, _ := setup(t)
	req := httptest.NewRequest(http.MethodGet, "/api/products/1", nil)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	r.ServeHTTP(httptest.NewRecorder(), req)
	s := spans.Ended()[0]
	if s.SpanContext().TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" || s.Parent().SpanID().String() != "00f067aa0ba902b7" {
		t.Fatalf("trace %s parent %s: incoming traceparent ignored", s.SpanContext().TraceID(), s.Parent().SpanID())
	}
}
