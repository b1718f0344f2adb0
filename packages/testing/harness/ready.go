package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"time"
)

const (
	readyTimeout      = 60 * time.Second
	readyPollInterval = 50 * time.Millisecond
)

// waitReady polls /readyz as the admin user until it answers 200, the
// server stops, or ctx is cancelled.
func waitReady(ctx context.Context, api *apiServer, caPEM []byte, adminToken string) error {
	client, err := httpsClient(caPEM)
	if err != nil {
		return err
	}
	defer client.CloseIdleConnections()

	deadline := time.After(readyTimeout)
	lastProblem := "no answer yet"
	for {
		ok, problem := probeReadyz(ctx, client, api.url()+"/readyz", adminToken)
		if ok {
			return nil
		}
		lastProblem = problem
		select {
		case <-api.done:
			return fmt.Errorf("API server stopped while starting: %v", api.err)
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline:
			return fmt.Errorf("API server was not ready after %s: %s", readyTimeout, lastProblem)
		case <-time.After(readyPollInterval):
		}
	}
}

// probeReadyz makes one readiness request; when not ready it says why.
func probeReadyz(ctx context.Context, client *http.Client, url, token string) (bool, string) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode == http.StatusOK {
		return true, ""
	}
	return false, fmt.Sprintf("/readyz answered %d: %s", resp.StatusCode, body)
}

// httpsClient trusts only the harness CA.
func httpsClient(caPEM []byte) (*http.Client, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("CA certificate is not valid PEM")
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return &http.Client{Transport: transport}, nil
}
