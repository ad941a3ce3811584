// Command checkout is the shop checkout service from lab 02, now also
// instrumented with OpenTelemetry: the same two measurements are exposed on
// /metrics for Prometheus and pushed over OTLP to Alloy, which forwards them
// to Mimir.
//
// Run it yourself with `go run .` (it listens on LAB_LISTEN, default
// 127.0.0.1:19030); `npm run lab -- check 03-opentelemetry-metric` builds and
// runs it for you.
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
	"go.opentelemetry.io/otel/metric"
)

func main() {
	addr := os.Getenv("LAB_LISTEN")
	if addr == "" {
		addr = "127.0.0.1:19030"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The Prometheus side, as in lab 02.
	reg := prometheus.NewRegistry()
	checkouts := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "shop_checkouts_total",
		Help: "Checkouts completed.",
	})
	duration := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "shop_checkout_duration_seconds",
		Help:    "Time taken to complete a checkout.",
		Unit:    "seconds",
		Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1},
	})
	reg.MustRegister(checkouts, duration)

	// The OpenTelemetry side.
	mp, err := setupOTel(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer func() {
		// Flush what was recorded since the last export.
		flush, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := mp.Shutdown(flush); err != nil {
			log.Printf("flushing metrics: %v", err)
		}
	}()
	meter := mp.Meter("workshop/labs/checkout")

	// OTel names use dots and carry the unit separately: Mimir turns
	// "shop.checkouts" with unit "{checkout}" into shop_checkouts_total (a
	// monotonic sum gets _total; a unit in braces is an annotation and adds no
	// suffix).
	otelCheckouts, err := meter.Int64Counter("shop.checkouts",
		metric.WithDescription("Checkouts completed."),
		metric.WithUnit("{checkout}"))
	if err != nil {
		log.Fatal(err)
	}
	// Unit "s" becomes the _seconds suffix: shop_checkout_duration_seconds_bucket,
	// _sum and _count, the same names as the Prometheus histogram above.
	otelDuration, err := meter.Float64Histogram("shop.checkout.duration",
		metric.WithDescription("Time taken to complete a checkout."),
		metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1))
	if err != nil {
		log.Fatal(err)
	}

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())

	r.POST("/checkout", func(c *gin.Context) {
		start := time.Now()
		// Pretend to charge a card: 5 to 25 ms of work.
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		seconds := time.Since(start).Seconds()
		checkouts.Inc()
		duration.Observe(seconds)
		// The OTel instruments take a context: it carries the active span, so a
		// histogram sample can link to the trace that produced it (an exemplar).
		otelCheckouts.Add(c.Request.Context(), 1)
		otelDuration.Record(c.Request.Context(), seconds)
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	})

	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		EnableOpenMetrics: true,
	})))
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })

	serve(ctx, addr, r)
}

// serve runs the HTTP server until ctx is done, then shuts it down.
func serve(ctx context.Context, addr string, handler http.Handler) {
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
