// Command checkout is the shop checkout service from lab 02. This lab adds
// OpenTelemetry: the same two measurements, pushed over OTLP to Alloy, which
// forwards them to Mimir.
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

	// TODO(3): create two instruments with meter
	//          (import "go.opentelemetry.io/otel/metric" for the options):
	//          - an Int64Counter "shop.checkouts", unit "{checkout}"
	//          - a Float64Histogram "shop.checkout.duration", unit "s", with
	//            metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
	//          then delete the placeholder line below.
	_ = meter

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
		// TODO(4): record the same checkout with the OTel instruments:
		//          Add(c.Request.Context(), 1) and Record(c.Request.Context(), seconds).
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
