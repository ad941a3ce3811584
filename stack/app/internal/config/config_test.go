package config

import (
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestDefaults(t *testing.T) {
	cfg, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Listen:      "127.0.0.1:8080",
		FailureRate: 0.1,
		TrafficRPS:  5,
		OTel: OTel{
			Endpoint:       "http://127.0.0.1:4318",
			ExportInterval: 5 * time.Second,
		},
	}
	if cfg != want {
		t.Fatalf("defaults:\n got %+v\nwant %+v", cfg, want)
	}
}

func TestValidValues(t *testing.T) {
	cfg, err := Load(env(map[string]string{
		"APP_LISTEN":                  "0.0.0.0:9090",
		"APP_FAILURE_RATE":            "0.25",
		"TRAFFIC_RPS":                 "0",
		"OTEL_SDK_DISABLED":           "TRUE",
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://alloy:4318/otlp/",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
		"OTEL_METRIC_EXPORT_INTERVAL": "1500",
		"OTEL_TRACES_EXPORTER":        "otlp",
		"OTEL_LOGS_EXPORTER":          "otlp",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Listen:      "0.0.0.0:9090",
		FailureRate: 0.25,
		TrafficRPS:  0,
		OTel: OTel{
			Disabled:       true,
			Endpoint:       "http://alloy:4318/otlp",
			ExportInterval: 1500 * time.Millisecond,
			ExportTraces:   true,
			ExportLogs:     true,
		},
	}
	if cfg != want {
		t.Fatalf("got %+v\nwant %+v", cfg, want)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	tests := []struct{ name, value string }{
		{"APP_LISTEN", "8080"},
		{"APP_LISTEN", "127.0.0.1:http"},
		{"APP_LISTEN", "127.0.0.1:70000"},
		{"APP_FAILURE_RATE", "10%"},
		{"APP_FAILURE_RATE", "1.5"},
		{"APP_FAILURE_RATE", "-0.1"},
		{"TRAFFIC_RPS", "fast"},
		{"TRAFFIC_RPS", "-1"},
		{"TRAFFIC_RPS", "100000"},
		{"OTEL_SDK_DISABLED", "yes"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "127.0.0.1:4318"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "grpc://collector:4317"},
		{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "5s"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "0"},
		{"OTEL_TRACES_EXPORTER", "jaeger"},
		{"OTEL_LOGS_EXPORTER", "console"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, err := Load(env(map[string]string{tt.name: tt.value}))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.name) || !strings.Contains(err.Error(), tt.value) {
				t.Fatalf("error %q does not name %s and its value", err, tt.name)
			}
		})
	}
}

func TestAllErrorsReportedAtOnce(t *testing.T) {
	_, err := Load(env(map[string]string{"APP_FAILURE_RATE": "2", "TRAFFIC_RPS": "x"}))
	if err == nil || !strings.Contains(err.Error(), "APP_FAILURE_RATE") || !strings.Contains(err.Error(), "TRAFFIC_RPS") {
		t.Fatalf("want both variables named, got %v", err)
	}
}
