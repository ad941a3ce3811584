// Package alertsink is the shop's on-call inbox: an Alertmanager webhook
// receiver that keeps the last notifications in memory, so the alerting lab's
// checker (and a learner with curl) can see which notifications arrived.
//
// Only Alertmanager may deliver: a request with an Origin header comes from a
// web page and is refused, the body must be JSON, and the Host must be one the
// stack uses, so a page that rebinds its own name to 127.0.0.1 cannot read it.
package alertsink

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Path is where Alertmanager posts and where the notifications are read.
const Path = "/alerts/webhook"

// maxBody bounds one notification; Alertmanager's are a few KiB per alert.
const maxBody = 1 << 20

// Alert is one alert of a notification, as Alertmanager's webhook sends it.
type Alert struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
}

// Notification is Alertmanager's webhook payload (version 4), and when it came.
type Notification struct {
	Version           string            `json:"version"`
	GroupKey          string            `json:"groupKey"`
	TruncatedAlerts   int               `json:"truncatedAlerts"`
	Status            string            `json:"status"`
	Receiver          string            `json:"receiver"`
	GroupLabels       map[string]string `json:"groupLabels"`
	CommonLabels      map[string]string `json:"commonLabels"`
	CommonAnnotations map[string]string `json:"commonAnnotations"`
	ExternalURL       string            `json:"externalURL"`
	Alerts            []Alert           `json:"alerts"`
	// ReceivedAt is set by the sink, in Unix milliseconds.
	ReceivedAt int64 `json:"receivedAt"`
}

// Options configure a Sink.
type Options struct {
	// Keep is how many notifications are kept; older ones are forgotten.
	Keep int
	// Observe is told of each notification accepted (for a counter).
	Observe func(receiver, status string)
	// Now is the clock (tests pass their own).
	Now func() time.Time
}

// Sink keeps the last Keep notifications.
type Sink struct {
	opts  Options
	mu    sync.Mutex
	inbox []Notification
}

// New returns an empty sink.
func New(opts Options) *Sink {
	if opts.Keep <= 0 {
		opts.Keep = 200
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Sink{opts: opts}
}

// Register adds POST and GET Path to r.
func (s *Sink) Register(r gin.IRoutes) {
	r.POST(Path, s.receive)
	r.GET(Path, s.list)
}

// stackHost reports whether a Host header names the app the way the stack
// reaches it: its compose name, or loopback (any port).
func stackHost(host string) bool {
	name, _, err := net.SplitHostPort(host)
	if err != nil {
		name = host
	}
	switch name {
	case "app", "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

func refuse(c *gin.Context, status int, why string) {
	c.AbortWithStatusJSON(status, gin.H{"error": why})
}

func (s *Sink) receive(c *gin.Context) {
	if !stackHost(c.Request.Host) {
		refuse(c, http.StatusForbidden, "unknown Host")
		return
	}
	if c.GetHeader("Origin") != "" {
		refuse(c, http.StatusForbidden, "notifications come from Alertmanager, not from web pages")
		return
	}
	if kind, _, err := mime.ParseMediaType(c.GetHeader("Content-Type")); err != nil || kind != "application/json" {
		refuse(c, http.StatusUnsupportedMediaType, "want Content-Type: application/json")
		return
	}
	var n Notification
	body := http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	if err := json.NewDecoder(body).Decode(&n); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(c, http.StatusRequestEntityTooLarge, "notification larger than 1 MiB")
			return
		}
		refuse(c, http.StatusBadRequest, "not an Alertmanager notification: "+err.Error())
		return
	}
	_, _ = io.Copy(io.Discard, body)
	if n.Receiver == "" || n.Status == "" {
		refuse(c, http.StatusBadRequest, "not an Alertmanager notification: no receiver or status")
		return
	}
	n.ReceivedAt = s.opts.Now().UnixMilli()
	s.mu.Lock()
	s.inbox = append(s.inbox, n)
	if over := len(s.inbox) - s.opts.Keep; over > 0 {
		s.inbox = append([]Notification(nil), s.inbox[over:]...)
	}
	s.mu.Unlock()
	if s.opts.Observe != nil {
		s.opts.Observe(n.Receiver, n.Status)
	}
	c.Status(http.StatusNoContent)
}

// list returns the kept notifications, oldest first; ?since=<Unix ms> keeps
// only those received after it.
func (s *Sink) list(c *gin.Context) {
	if !stackHost(c.Request.Host) {
		refuse(c, http.StatusForbidden, "unknown Host")
		return
	}
	var since int64
	if v := c.Query("since"); v != "" {
		parsed, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			refuse(c, http.StatusBadRequest, "since is Unix milliseconds")
			return
		}
		since = parsed
	}
	s.mu.Lock()
	out := make([]Notification, 0, len(s.inbox))
	for _, n := range s.inbox {
		if n.ReceivedAt > since {
			out = append(out, n)
		}
	}
	s.mu.Unlock()
	c.JSON(http.StatusOK, gin.H{"notifications": out})
}
