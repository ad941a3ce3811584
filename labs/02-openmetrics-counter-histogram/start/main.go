// Command checkout is a tiny shop checkout service: POST /checkout takes an
// order, GET /metrics exposes what happened.
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

	// TODO(1): create a counter named shop_checkouts_total
	//          (prometheus.NewCounter with prometheus.CounterOpts{Name, Help}).

	// TODO(2): create a histogram named shop_checkout_duration_seconds with the
	//          unit "seconds" (prometheus.HistogramOpts has a Unit field) and
	//          buckets from 5 ms to 1 s.

	// TODO(3): register both with reg (reg.MustRegister).

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())

	r.POST("/checkout", func(c *gin.Context) {
		start := time.Now()
		// Pretend to charge a card: 5 to 25 ms of work.
		time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond)
		// TODO(4): count the checkout and observe how long it took, in seconds
		//          (time.Since(start).Seconds()).
		_ = start
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	})

	// TODO(5): let scrapers that ask for OpenMetrics get it: set the right
	//          field of promhttp.HandlerOpts.
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))

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
