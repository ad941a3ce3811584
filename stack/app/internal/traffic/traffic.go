// Package traffic drives the app with a steady, realistic mix of requests over
// loopback HTTP, so dashboards have data with nobody clicking.
package traffic

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

const (
	// maxInFlight bounds concurrent requests: if the app slows down, the
	// generator skips ticks instead of piling up goroutines.
	maxInFlight = 16
	// requestTimeout exceeds the slowest route (1.2 s) with room to spare, and
	// bounds how long shutdown waits for the last requests.
	requestTimeout = 3 * time.Second
	userAgent      = "workshop-traffic/1"
)

// Config describes what to send and how often.
type Config struct {
	// BaseURL is where the app listens, e.g. http://127.0.0.1:8080.
	BaseURL string
	// RPS is requests per second; it must be positive.
	RPS float64
	// ProductIDs are ids that exist; the generator also asks for ones that don't.
	ProductIDs []int
	Logger     *slog.Logger
}

// kind is one sort of request in the mix, with its relative weight.
type kind struct {
	weight int
	build  func(ids []int) (method, path, body string)
}

// mix is mostly browsing, some buying, a few slow calls and a few mistakes:
// enough of each for every panel and alert in the workshop to show something.
var mix = []kind{
	{30, func([]int) (string, string, string) { return http.MethodGet, "/api/products", "" }},
	{38, func(ids []int) (string, string, string) {
		return http.MethodGet, "/api/products/" + strconv.Itoa(ids[rand.IntN(len(ids))]), ""
	}},
	{7, func([]int) (string, string, string) {
		return http.MethodGet, "/api/products/" + strconv.Itoa(900+rand.IntN(100)), "" // 404
	}},
	{15, func(ids []int) (string, string, string) {
		return http.MethodPost, "/api/orders",
			fmt.Sprintf(`{"product_id":%d,"quantity":%d}`, ids[rand.IntN(len(ids))], 1+rand.IntN(3))
	}},
	{3, func(ids []int) (string, string, string) {
		return http.MethodPost, "/api/orders", fmt.Sprintf(`{"product_id":%d,"quantity":0}`, ids[0]) // 400
	}},
	{7, func([]int) (string, string, string) { return http.MethodGet, "/api/slow", "" }},
}

var totalWeight = func() int {
	n := 0
	for _, k := range mix {
		n += k.weight
	}
	return n
}()

func pick() kind {
	n := rand.IntN(totalWeight)
	for _, k := range mix {
		if n < k.weight {
			return k
		}
		n -= k.weight
	}
	panic("unreachable: weights sum to totalWeight")
}

// Run sends requests until ctx is done, then waits for those in flight and
// returns. In-flight requests are let finish rather than cancelled: cutting
// them off at every shutdown would put errors in the app's metrics that no
// real client caused.
func Run(ctx context.Context, cfg Config) {
	client := &http.Client{Timeout: requestTimeout}
	ticker := time.NewTicker(time.Duration(float64(time.Second) / cfg.RPS))
	defer ticker.Stop()
	slots := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	defer wg.Wait()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		select {
		case slots <- struct{}{}:
		default:
			continue // saturated: drop this tick
		}
		method, path, body := pick().build(cfg.ProductIDs)
		wg.Go(func() {
			defer func() { <-slots }()
			send(context.WithoutCancel(ctx), client, cfg, method, path, body)
		})
	}
}

func send(ctx context.Context, client *http.Client, cfg Config, method, path, body string) {
	req, err := http.NewRequestWithContext(ctx, method, cfg.BaseURL+path, bytes.NewBufferString(body))
	if err != nil {
		cfg.Logger.Error("traffic: building request", "error", err)
		return
	}
	req.Header.Set("User-Agent", userAgent)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		cfg.Logger.Warn("traffic: request failed", "method", method, "path", path, "error", err)
		return
	}
	// Drain so the keep-alive connection is reused.
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// BaseURL turns the address the server listens on into one to call it at over
// loopback: a wildcard bind (0.0.0.0, ::) is reached through 127.0.0.1.
func BaseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return "http://" + net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}
