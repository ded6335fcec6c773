package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/soclab/soclab/internal/metrics"
)

// metricsServer serves a command's Prometheus registry on --metrics-addr
// while the command runs. With an empty address it serves nothing and its
// Registerer is nil, which the packages accept.
type metricsServer struct {
	reg *prometheus.Registry
	srv *http.Server
}

// startMetrics starts serving /metrics on addr ("" for none).
func startMetrics(addr string) (*metricsServer, error) {
	if addr == "" {
		return &metricsServer{}, nil
	}
	reg := metrics.NewRegistry()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "soclab: metrics server: %v\n", err)
		}
	}()
	return &metricsServer{reg: reg, srv: srv}, nil
}

// Registerer returns the registry to hand to packages, or nil when metrics
// are off.
func (m *metricsServer) Registerer() prometheus.Registerer {
	if m.reg == nil {
		return nil
	}
	return m.reg
}

// Stop shuts the server down.
func (m *metricsServer) Stop() {
	if m.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	m.srv.Shutdown(ctx)
}
