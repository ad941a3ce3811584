// Command checkout is a tiny shop checkout service: POST /checkout takes an
// order, GET /metrics exposes what happened, in OpenMetrics when asked for it.
//
// Run it yourself with `go run .` (it listens on LAB_LISTEN, default
// 127.0.0.1:19020); `npm run lab -- check 02-openmetrics-counter-histogram`
// builds and runs it for you.
package main

import (
	"context"
	"errors"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func main() {
	addr := os.Getenv("LAB_LISTEN")
	if addr == "" {
		addr = "127.0.0.1:19020"
	}

	// A private registry: /metrics shows exactly the metrics registered here.
	reg := prometheus.NewRegistry()

	// A counter only ever goes up. Its name ends in _total: OpenMetrics requires
	// that suffix on counters, and the exposition's "# TYPE shop_checkouts counter"
	// line drops it again (the metric family is "shop_checkouts").
	checkouts := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "shop_checkouts_total",
		Help: "Checkouts completed.",
	})

	// A histogram counts observations into buckets. Unit puts a
	// "# UNIT shop_checkout_duration_seconds seconds" line into the OpenMetrics
	// exposition; OpenMetrics requires the name to end with that unit, hence
	// _seconds. Durations are always in seconds (base units) in Prometheus.
	duration := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "shop_checkout_duration_seconds",
		Help:    "Time taken to complete a checkout.",
		Unit:    "seconds",
		Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1},
	})

	// Nothing is exposed until it is registered.
	reg.MustRegister(checkouts, duration)

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())

	r.POST("/checkout", func(c *gin.Context) {
		start := time.Now()
		// Pretend to charge a card: 5 to 25 ms of work.
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		// Record after the work is done: one more checkout, and how long it took.
		checkouts.Inc()
		duration.Observe(time.Since(start).Seconds())
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	})

	// EnableOpenMetrics lets the handler answer a scraper that asks for
	// OpenMetrics (Accept: application/openmetrics-text) in that format; without
	// it, every scraper gets the classic Prometheus text format, which has no
	// UNIT lines.
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		EnableOpenMetrics: true,
	})))

	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })

	serve(addr, r)
}

// serve runs the HTTP server until SIGINT or SIGTERM, then shuts it down.
func serve(addr string, handler http.Handler) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Addr: addr, Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Printf("checkout listening on http://%s", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("cannot serve on %s (LAB_LISTEN): %v", addr, err)
	}
}
