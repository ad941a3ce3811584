package traffic

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRunSendsTheMixAndStops(t *testing.T) {
	var (
		mu   sync.Mutex
		seen = map[string]int{}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " " + r.URL.Path
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/products/"):
			key = r.Method + " /api/products/known"
			if r.URL.Path >= "/api/products/900" {
				key = r.Method + " /api/products/unknown"
			}
		case r.Method == http.MethodPost:
			var o struct {
				ProductID int `json:"product_id"`
				Quantity  int `json:"quantity"`
			}
			if err := json.NewDecoder(r.Body).Decode(&o); err != nil || o.ProductID < 1 || o.ProductID > 3 {
				t.Errorf("bad order body: %v %+v", err, o)
			}
			if o.Quantity == 0 {
				key += " invalid"
			}
		}
		if ua := r.UserAgent(); ua != userAgent {
			t.Errorf("User-Agent %q", ua)
		}
		mu.Lock()
		seen[key]++
		mu.Unlock()
		if r.URL.Path == "/api/slow" {
			time.Sleep(300 * time.Millisecond)
		}
	}))
	defer srv.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Run(ctx, Config{BaseURL: srv.URL, RPS: 200, ProductIDs: []int{1, 2, 3}, Logger: slog.New(slog.DiscardHandler)})
		close(done)
	}()
	time.Sleep(1500 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Run did not return after cancel")
	}

	mu.Lock()
	defer mu.Unlock()
	for _, k := range []string{
		"GET /api/products", "GET /api/products/known", "GET /api/products/unknown",
		"POST /api/orders", "POST /api/orders invalid", "GET /api/slow",
	} {
		if seen[k] == 0 {
			t.Errorf("no %q in %v", k, seen)
		}
	}
	total := 0
	for _, n := range seen {
		total += n
	}
	// 200/s for 1.5 s is at most ~300, fewer when slow requests fill the slots.
	if total < 50 || total > 320 {
		t.Errorf("%d requests in 1.5 s at 200 RPS", total)
	}
	if seen["GET /api/products/known"] < seen["GET /api/slow"] {
		t.Errorf("mix upside down: %v", seen)
	}
}

func TestInFlightIsBoundedAndDrained(t *testing.T) {
	var (
		mu            sync.Mutex
		inFlight, top int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		top = max(top, inFlight)
		mu.Unlock()
		time.Sleep(300 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	Run(ctx, Config{BaseURL: srv.URL, RPS: 200, ProductIDs: []int{1}, Logger: slog.New(slog.DiscardHandler)})
	mu.Lock()
	defer mu.Unlock()
	if top == 0 || top > maxInFlight {
		t.Fatalf("peak %d requests in flight, want 1..%d", top, maxInFlight)
	}
	if inFlight != 0 {
		t.Fatalf("Run returned with %d requests unanswered; in-flight requests must be let finish", inFlight)
	}
}

func TestBaseURL(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://127.0.0.1:8080"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 9000}, "http://127.0.0.1:9000"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 9000}, "http://[::1]:9000"},
	} {
		if got := BaseURL(tt.addr); got != tt.want {
			t.Errorf("BaseURL(%v) = %s, want %s", tt.addr, got, tt.want)
		}
	}
}
