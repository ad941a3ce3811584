// Package config reads the app's settings from the environment and rejects
// bad values at start, so a typo fails loudly instead of silently falling
// back to a default halfway through a workshop.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the app can be told from outside.
type Config struct {
	// Listen is the host:port the HTTP server binds.
	Listen string
	// FailureRate is the share of valid orders that fail with "payment declined".
	FailureRate float64
	// TrafficRPS is how many requests per second the built-in generator sends; 0 turns it off.
	TrafficRPS float64
	OTel       OTel
}

// OTel holds the subset of the standard OTEL_* variables the app honours.
type OTel struct {
	// Disabled mirrors OTEL_SDK_DISABLED: no SDK, no export, no trace ids.
	Disabled bool
	// Endpoint is the OTLP/HTTP base URL; the signal paths (/v1/metrics, /v1/traces) are appended to it.
	Endpoint string
	// ExportInterval is how often metrics are pushed.
	ExportInterval time.Duration
	// ExportTraces is true when OTEL_TRACES_EXPORTER=otlp.
	ExportTraces bool
	// ExportLogs is true when OTEL_LOGS_EXPORTER=otlp: every log line also goes out over
	// OTLP. Off by default, because the stack's Loki is an optional profile.
	ExportLogs bool
}

const (
	defaultListen         = "127.0.0.1:8080"
	defaultFailureRate    = 0.1
	defaultTrafficRPS     = 5
	defaultEndpoint       = "http://127.0.0.1:4318"
	defaultExportInterval = 5 * time.Second
	// maxTrafficRPS keeps the generator a demo, not a load test.
	maxTrafficRPS = 200
)

// Load builds a Config from getenv (os.Getenv in production). It reports every
// bad variable at once, each error naming the variable.
func Load(getenv func(string) string) (Config, error) {
	cfg := Config{
		Listen:      defaultListen,
		FailureRate: defaultFailureRate,
		TrafficRPS:  defaultTrafficRPS,
		OTel: OTel{
			Endpoint:       defaultEndpoint,
			ExportInterval: defaultExportInterval,
		},
	}
	var errs []error
	fail := func(name, value, want string) {
		errs = append(errs, fmt.Errorf("%s=%q: %s", name, value, want))
	}

	if v := getenv("APP_LISTEN"); v != "" {
		if err := checkListen(v); err != nil {
			fail("APP_LISTEN", v, err.Error())
		} else {
			cfg.Listen = v
		}
	}
	if v := getenv("APP_FAILURE_RATE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1 {
			fail("APP_FAILURE_RATE", v, "must be a number from 0 to 1")
		} else {
			cfg.FailureRate = f
		}
	}
	if v := getenv("TRAFFIC_RPS"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > maxTrafficRPS {
			fail("TRAFFIC_RPS", v, fmt.Sprintf("must be a number from 0 (off) to %d", maxTrafficRPS))
		} else {
			cfg.TrafficRPS = f
		}
	}

	if v := getenv("OTEL_SDK_DISABLED"); v != "" {
		switch strings.ToLower(v) {
		case "true":
			cfg.OTel.Disabled = true
		case "false":
		default:
			fail("OTEL_SDK_DISABLED", v, "must be true or false")
		}
	}
	if v := getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); v != "" {
		if err := checkEndpoint(v); err != nil {
			fail("OTEL_EXPORTER_OTLP_ENDPOINT", v, err.Error())
		} else {
			cfg.OTel.Endpoint = strings.TrimRight(v, "/")
		}
	}
	// Only OTLP over HTTP is compiled in; saying so beats a silent protocol mismatch.
	if v := getenv("OTEL_EXPORTER_OTLP_PROTOCOL"); v != "" && v != "http/protobuf" {
		fail("OTEL_EXPORTER_OTLP_PROTOCOL", v, "only http/protobuf is supported")
	}
	if v := getenv("OTEL_METRIC_EXPORT_INTERVAL"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms <= 0 || ms > int64(time.Hour/time.Millisecond) {
			fail("OTEL_METRIC_EXPORT_INTERVAL", v, "must be a whole number of milliseconds, from 1 to 3600000")
		} else {
			cfg.OTel.ExportInterval = time.Duration(ms) * time.Millisecond
		}
	}
	// Only the OTLP exporter is compiled in for traces and logs; "none" (the default) turns the signal off.
	for _, signal := range []struct {
		name   string
		export *bool
	}{
		{"OTEL_TRACES_EXPORTER", &cfg.OTel.ExportTraces},
		{"OTEL_LOGS_EXPORTER", &cfg.OTel.ExportLogs},
	} {
		switch v := getenv(signal.name); v {
		case "", "none":
		case "otlp":
			*signal.export = true
		default:
			fail(signal.name, v, "must be otlp or none")
		}
	}

	return cfg, errors.Join(errs...)
}

func checkListen(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return errors.New("must be host:port, e.g. 127.0.0.1:8080")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return errors.New("port must be a number from 0 to 65535")
	}
	return nil
}

func checkEndpoint(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("must be an http:// or https:// URL, e.g. http://127.0.0.1:4318")
	}
	return nil
}
