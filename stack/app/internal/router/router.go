// Package router assembles the HTTP handler: the shop's /api routes behind
// their instrumentation, plus the operational /healthz and /metrics, and the
// on-call webhook /alerts/webhook.
package router

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"workshop/stack/app/internal/accesslog"
	"workshop/stack/app/internal/alertsink"
	"workshop/stack/app/internal/shop"
)

// Deps is what the router is built from.
type Deps struct {
	Shop *shop.Shop
	// Alerts is the on-call webhook Alertmanager delivers to.
	Alerts *alertsink.Sink
	// Instrumentation wraps every /api request, outermost first. The tracing
	// middleware must come before anything that reads the trace id.
	Instrumentation []gin.HandlerFunc
	Metrics         http.Handler
	// Ready reports whether /healthz should answer 200.
	Ready  func() bool
	Logger *slog.Logger
}

// New returns the app's handler.
func New(d Deps) *gin.Engine {
	// Gin's mode is process-wide; release mode must be set before the engine
	// exists or it prints its debug route table.
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// The app sits behind no proxy it knows of: never believe X-Forwarded-For.
	_ = r.SetTrustedProxies(nil) // only fails for a malformed list; nil is not one
	r.Use(gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, err any) {
		d.Logger.ErrorContext(c.Request.Context(), "panic serving request",
			"path", c.Request.URL.Path, "panic", fmt.Sprint(err), "stack", string(debug.Stack()))
		c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{"error": "internal error"})
	}))

	// Scrapes and probes stay out of the request metrics and the access log:
	// they would swamp the shop's own traffic in both.
	r.GET("/healthz", func(c *gin.Context) {
		if !d.Ready() {
			c.String(http.StatusServiceUnavailable, "not ready")
			return
		}
		c.String(http.StatusOK, "ok")
	})
	r.GET("/metrics", gin.WrapH(d.Metrics))
	// Notifications are the stack's, not the shop's traffic: outside /api too.
	d.Alerts.Register(r)

	api := r.Group("/api", d.Instrumentation...)
	api.Use(accesslog.Middleware(d.Logger))
	d.Shop.Register(api)

	// Unmatched paths are logged but not measured: their method and path come
	// straight from the client, and as labels they would be unbounded.
	r.NoRoute(accesslog.Middleware(d.Logger), func(c *gin.Context) {
		c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
	})
	return r
}
