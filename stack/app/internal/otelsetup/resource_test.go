package otelsetup

import (
	"context"
	"testing"

	"github.com/google/uuid"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

func instanceID(t *testing.T) string {
	t.Helper()
	res, err := newResource(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	value, ok := res.Set().Value(semconv.ServiceInstanceIDKey)
	if !ok {
		t.Fatal("the resource has no service.instance.id")
	}
	return value.AsString()
}

// Each process gets its own id, so two replicas never write the same series.
func TestResourceHasAUniqueInstanceID(t *testing.T) {
	first, second := instanceID(t), instanceID(t)
	if _, err := uuid.Parse(first); err != nil {
		t.Errorf("service.instance.id %q is not a UUID: %v", first, err)
	}
	if first == second {
		t.Errorf("two resources share service.instance.id %q", first)
	}
}

// OTEL_RESOURCE_ATTRIBUTES still wins: an operator's own id replaces the random one.
func TestResourceInstanceIDFromEnvironmentWins(t *testing.T) {
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=replica-7")
	if got := instanceID(t); got != "replica-7" {
		t.Errorf("service.instance.id = %q, want the environment's replica-7", got)
	}
}
