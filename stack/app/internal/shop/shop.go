// Package shop is the web shop's business API: a fixed product catalogue,
// order placement that sometimes fails, and a deliberately slow endpoint.
// It knows nothing about metrics or tracing; those wrap it from outside.
package shop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
)

// Order results, used as the value of the result label/attribute. The set is
// closed so the metrics built on it keep a fixed cardinality.
const (
	ResultAccepted = "accepted"
	ResultDeclined = "declined"
	ResultInvalid  = "invalid"
)

// OrderResults lists every order result, so recorders can pre-create their series.
func OrderResults() []string {
	return []string{ResultAccepted, ResultDeclined, ResultInvalid}
}

// OrderRecorder is told about every order attempt and how it ended.
type OrderRecorder interface {
	RecordOrder(ctx context.Context, result string)
}

// Product is one catalogue entry. Prices are whole cents so totals stay exact.
type Product struct {
	ID         int    `json:"id"`
	Name       string `json:"name"`
	PriceCents int    `json:"price_cents"`
}

var catalog = []Product{
	{ID: 1, Name: "Prometheus flame mug", PriceCents: 1499},
	{ID: 2, Name: "Grafana dashboard poster", PriceCents: 2499},
	{ID: 3, Name: "Mimir hoodie", PriceCents: 5999},
	{ID: 4, Name: "Alloy sticker pack", PriceCents: 499},
	{ID: 5, Name: "OpenTelemetry socks", PriceCents: 999},
	{ID: 6, Name: "Histogram bucket hat", PriceCents: 1999},
	{ID: 7, Name: "Exemplar keychain", PriceCents: 699},
	{ID: 8, Name: "Cardinality field guide", PriceCents: 3499},
}

// ProductIDs returns the ids that exist in the catalogue.
func ProductIDs() []int {
	ids := make([]int, len(catalog))
	for i, p := range catalog {
		ids[i] = p.ID
	}
	return ids
}

const (
	maxQuantity   = 10
	maxOrderBytes = 4 << 10
	slowMin       = 200 * time.Millisecond
	slowSpread    = 1000 * time.Millisecond

	statusClientClosedRequest = 499
)

// Options configures a Shop.
type Options struct {
	// FailureRate is the share (0..1) of valid orders declined with a 500.
	FailureRate float64
	// Random returns a number in [0, 1). It decides declines and slow latencies;
	// tests pass a fixed one to make both deterministic. Nil means math/rand/v2.
	// It is called from concurrent requests, so it must be safe for that.
	Random func() float64
	// Orders are told about every order attempt.
	Orders []OrderRecorder
}

// Shop serves the /api routes.
type Shop struct {
	opts      Options
	byID      map[int]Product
	lastOrder atomic.Int64
}

// New returns a Shop with the built-in catalogue.
func New(opts Options) *Shop {
	if opts.Random == nil {
		opts.Random = rand.Float64
	}
	byID := make(map[int]Product, len(catalog))
	for _, p := range catalog {
		byID[p.ID] = p
	}
	return &Shop{opts: opts, byID: byID}
}

// Register adds the shop's routes to r, which is expected to be mounted at /api.
func (s *Shop) Register(r gin.IRoutes) {
	r.GET("/products", s.listProducts)
	r.GET("/products/:id", s.getProduct)
	r.POST("/orders", s.placeOrder)
	r.GET("/slow", s.slow)
}

func (s *Shop) listProducts(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"products": catalog})
}

func (s *Shop) getProduct(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	p, ok := s.byID[id]
	if err != nil || !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": fmt.Sprintf("product %q not found", c.Param("id"))})
		return
	}
	c.JSON(http.StatusOK, p)
}

type orderRequest struct {
	ProductID int `json:"product_id"`
	Quantity  int `json:"quantity"`
}

type orderResponse struct {
	OrderID    string `json:"order_id"`
	ProductID  int    `json:"product_id"`
	Quantity   int    `json:"quantity"`
	TotalCents int    `json:"total_cents"`
}

func (s *Shop) placeOrder(c *gin.Context) {
	ctx := c.Request.Context()
	req, err := s.decodeOrder(c)
	if err != nil {
		s.record(ctx, ResultInvalid)
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	if s.opts.Random() < s.opts.FailureRate {
		s.record(ctx, ResultDeclined)
		c.JSON(http.StatusInternalServerError, gin.H{"error": "payment declined"})
		return
	}
	s.record(ctx, ResultAccepted)
	c.JSON(http.StatusCreated, orderResponse{
		OrderID:    fmt.Sprintf("ord-%06d", s.lastOrder.Add(1)),
		ProductID:  req.ProductID,
		Quantity:   req.Quantity,
		TotalCents: s.byID[req.ProductID].PriceCents * req.Quantity,
	})
}

func (s *Shop) decodeOrder(c *gin.Context) (orderRequest, error) {
	var req orderRequest
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxOrderBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, fmt.Errorf("invalid JSON body: %w", err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return req, errors.New("invalid JSON body: expected a single object")
	}
	if _, ok := s.byID[req.ProductID]; !ok {
		return req, fmt.Errorf("unknown product_id %d", req.ProductID)
	}
	if req.Quantity < 1 || req.Quantity > maxQuantity {
		return req, fmt.Errorf("quantity must be from 1 to %d", maxQuantity)
	}
	return req, nil
}

func (s *Shop) record(ctx context.Context, result string) {
	for _, r := range s.opts.Orders {
		r.RecordOrder(ctx, result)
	}
}

func (s *Shop) slow(c *gin.Context) {
	delay := slowMin + time.Duration(s.opts.Random()*float64(slowSpread))
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		c.JSON(http.StatusOK, gin.H{"delay_ms": delay.Milliseconds()})
	case <-c.Request.Context().Done():
		// The client hung up, so nobody reads an answer. 499 (nginx's "client
		// closed request") keeps this out of the 5xx error rate: the server
		// did nothing wrong.
		c.Status(statusClientClosedRequest)
	}
}
