package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

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

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// freeAddr returns a 127.0.0.1 address nothing listens on, so connecting to it is refused.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestInvalidConfigNamesVariable(t *testing.T) {
	err := run(context.Background(), envOf(map[string]string{"APP_FAILURE_RATE": "lots"}), slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "APP_FAILURE_RATE") {
		t.Fatalf("got %v", err)
	}
}

func TestBusyPortNamesAddress(t *testing.T) {
	busy := httptest.NewServer(http.NotFoundHandler())
	defer busy.Close()
	addr := busy.Listener.Addr().String()
	err := run(context.Background(), envOf(map[string]string{"APP_LISTEN": addr}), slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), addr) {
		t.Fatalf("got %v, want an error naming %s", err, addr)
	}
}

// TestServesTrafficAndShutsDown runs the whole app on loopback with its
// traffic generator, no collector up, then stops it as SIGTERM would.
func TestServesTrafficAndShutsDown(t *testing.T) {
	addr := freeAddr(t)
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, envOf(map[string]string{
			"APP_LISTEN":                  addr,
			"TRAFFIC_RPS":                 "50",
			"OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + freeAddr(t),
			"OTEL_METRIC_EXPORT_INTERVAL": "200",
		}), slog.New(slog.NewJSONHandler(&logs, nil)))
	}()

	base := "http://" + addr
	waitFor(t, func() bool { return get(base+"/healthz") == "ok" })
	total := func() int {
		n := 0
		re := regexp.MustCompile(`(?m)^http_requests_total\{[^}]*\} (\d+)$`)
		for _, m := range re.FindAllStringSubmatch(get(base+"/metrics"), -1) {
			v, _ := strconv.Atoi(m[1])
			n += v
		}
		return n
	}
	first := total()
	time.Sleep(time.Second)
	if second := total(); second <= first {
		t.Errorf("http_requests_total did not grow: %d then %d", first, second)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no graceful shutdown within 15 s")
	}
	out := logs.String()
	if strings.Contains(out, `"level":"ERROR"`) {
		t.Errorf("errors logged:\n%s", out)
	}
	if strings.Contains(out, "traffic: request failed") || strings.Contains(out, `"status":499`) {
		t.Errorf("shutdown cut generated requests off:\n%s", out)
	}
	if n := strings.Count(out, "OpenTelemetry SDK error"); n != 1 {
		t.Errorf("%d OTel error lines with the collector down, want 1", n)
	}
}

func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatal("app did not become ready")
}
