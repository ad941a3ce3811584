package shop

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// results collects what the shop reports, as a metrics recorder would.
type results struct {
	mu  sync.Mutex
	got []string
}

func (r *results) RecordOrder(_ context.Context, result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, result)
}

func newEngine(opts Options) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	New(opts).Register(r.Group("/api"))
	return r
}

func fixed(v float64) func() float64 { return func() float64 { return v } }

func do(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body, err)
	}
	return v
}

func TestListProducts(t *testing.T) {
	rec := do(t, newEngine(Options{}), http.MethodGet, "/api/products", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	got := decode[struct{ Products []Product }](t, rec)
	if len(got.Products) != len(ProductIDs()) || got.Products[0].ID != 1 || got.Products[0].Name == "" {
		t.Fatalf("unexpected catalogue %+v", got.Products)
	}
}

func TestGetProduct(t *testing.T) {
	h := newEngine(Options{})
	rec := do(t, h, http.MethodGet, "/api/products/3", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if p := decode[Product](t, rec); p.ID != 3 || p.PriceCents <= 0 {
		t.Fatalf("got %+v", p)
	}

	for _, id := range []string{"999", "0", "abc"} {
		rec := do(t, h, http.MethodGet, "/api/products/"+id, "")
		if rec.Code != http.StatusNotFound {
			t.Fatalf("id %s: status %d, want 404", id, rec.Code)
		}
		if e := decode[map[string]string](t, rec); !strings.Contains(e["error"], "not found") {
			t.Fatalf("id %s: error body %v", id, e)
		}
	}
}

func TestOrderValidation(t *testing.T) {
	tests := map[string]string{
		"not JSON":        `{"product_id":`,
		"empty body":      ``,
		"unknown field":   `{"product_id":1,"quantity":1,"coupon":"FREE"}`,
		"unknown product": `{"product_id":42,"quantity":1}`,
		"missing product": `{"quantity":1}`,
		"zero quantity":   `{"product_id":1,"quantity":0}`,
		"too many":        `{"product_id":1,"quantity":11}`,
		"wrong type":      `{"product_id":"1","quantity":1}`,
		"two objects":     `{"product_id":1,"quantity":1}{}`,
		"too large":       `{"product_id":1,"quantity":1,"pad":"` + strings.Repeat("x", 8<<10) + `"}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			var rec results
			// Random 0 would decline any valid order: a 400 proves validation ran first.
			h := newEngine(Options{FailureRate: 1, Random: fixed(0), Orders: []OrderRecorder{&rec}})
			resp := do(t, h, http.MethodPost, "/api/orders", body)
			if resp.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400; body %s", resp.Code, resp.Body)
			}
			if e := decode[map[string]string](t, resp); e["error"] == "" {
				t.Fatal("no error message")
			}
			if len(rec.got) != 1 || rec.got[0] != ResultInvalid {
				t.Fatalf("recorded %v, want [invalid]", rec.got)
			}
		})
	}
}

func TestOrderFailureRateIsDeterministic(t *testing.T) {
	tests := []struct {
		name        string
		failureRate float64
		random      float64
		wantStatus  int
		wantResult  string
	}{
		{"draw below rate declines", 0.1, 0.05, http.StatusInternalServerError, ResultDeclined},
		{"draw at rate accepts", 0.1, 0.1, http.StatusCreated, ResultAccepted},
		{"rate 0 never declines", 0, 0, http.StatusCreated, ResultAccepted},
		{"rate 1 always declines", 1, 0.999, http.StatusInternalServerError, ResultDeclined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rec results
			h := newEngine(Options{FailureRate: tt.failureRate, Random: fixed(tt.random), Orders: []OrderRecorder{&rec, &rec}})
			resp := do(t, h, http.MethodPost, "/api/orders", `{"product_id":2,"quantity":3}`)
			if resp.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", resp.Code, tt.wantStatus, resp.Body)
			}
			if len(rec.got) != 2 || rec.got[0] != tt.wantResult || rec.got[1] != tt.wantResult {
				t.Fatalf("recorded %v, want %s for each of the two recorders", rec.got, tt.wantResult)
			}
			if tt.wantResult == ResultDeclined {
				if e := decode[map[string]string](t, resp); e["error"] != "payment declined" {
					t.Fatalf("error body %v", e)
				}
				return
			}
			o := decode[orderResponse](t, resp)
			if o.OrderID != "ord-000001" || o.ProductID != 2 || o.Quantity != 3 || o.TotalCents != 3*2499 {
				t.Fatalf("order %+v", o)
			}
		})
	}
}

func TestDefaultFailureRateDeclinesSome(t *testing.T) {
	h := newEngine(Options{FailureRate: 0.5})
	declined := 0
	for range 200 {
		if do(t, h, http.MethodPost, "/api/orders", `{"product_id":1,"quantity":1}`).Code == http.StatusInternalServerError {
			declined++
		}
	}
	// 50% of 200: anything outside 40..160 is a broken random source, not bad luck.
	if declined < 40 || declined > 160 {
		t.Fatalf("%d of 200 declined at rate 0.5", declined)
	}
}

func TestSlowLatencyRange(t *testing.T) {
	for _, tt := range []struct {
		random   float64
		min, max time.Duration
	}{
		{0, 200 * time.Millisecond, 400 * time.Millisecond},
		{0.3, 500 * time.Millisecond, 700 * time.Millisecond},
	} {
		start := time.Now()
		rec := do(t, newEngine(Options{Random: fixed(tt.random)}), http.MethodGet, "/api/slow", "")
		elapsed := time.Since(start)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		if elapsed < tt.min || elapsed > tt.max {
			t.Fatalf("random %v: took %v, want %v..%v", tt.random, elapsed, tt.min, tt.max)
		}
	}
}

func TestSlowStopsWhenClientLeaves(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/slow", nil)
	rec := httptest.NewRecorder()
	start := time.Now()
	newEngine(Options{Random: fixed(0.99)}).ServeHTTP(rec, req)
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Fatalf("kept sleeping %v after the client left", elapsed)
	}
	if rec.Code != 499 {
		t.Fatalf("status %d, want 499 (client closed request), not a 5xx", rec.Code)
	}
}
