package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"k8s.io/klog/v2"
)

// processStart is taken as early as possible, for startMillis.
var processStart = time.Now()

const apiServerStopTimeout = 15 * time.Second

// input is one thing that happened on stdin or to the process.
type input struct {
	command string    // a command word, if any
	eof     bool      // stdin was closed
	signal  os.Signal // SIGINT or SIGTERM, if any
}

func (in input) meansStop() bool {
	return in.eof || in.signal != nil || in.command == "stop"
}

// harness is everything running while we serve.
type harness struct {
	etcd   *etcdServer
	api    *apiServer
	failed chan error // gets one error if etcd or the API server dies
}

// serve starts everything, reports readiness and then obeys commands until
// told to stop. It returns the process exit code.
func serve(cfg config) int {
	inputs := make(chan input, 16)
	startCtx, abortStart := context.WithCancel(context.Background())
	defer abortStart()
	go readCommands(os.Stdin, inputs, abortStart)
	go forwardSignals(inputs, abortStart)

	h, tok, err := startHarness(startCtx, cfg)
	if err != nil {
		if startCtx.Err() != nil {
			// Asked to stop while starting; everything started is stopped.
			emitStopped()
			return 0
		}
		emitError(err)
		return 1
	}
	emit(readyEvent{
		Event:           "ready",
		Server:          h.api.url(),
		Port:            h.api.port,
		EtcdPort:        h.etcd.port,
		Kubeconfig:      kubeconfigPath(cfg.dataDir),
		AdminToken:      tok.Admin,
		RestrictedToken: tok.Restricted,
		StartMillis:     time.Since(processStart).Milliseconds(),
	})

	for {
		select {
		case in := <-inputs:
			if in.meansStop() {
				h.stop()
				emitStopped()
				return 0
			}
			h.handleCommand(in.command)
		case err := <-h.failed:
			emitError(err)
			h.stop()
			return 1
		}
	}
}

func (h *harness) handleCommand(command string) {
	switch command {
	case "compact":
		rev, err := h.etcd.compact(context.Background())
		if err != nil {
			emitError(err)
			return
		}
		emit(compactedEvent{Event: "compacted", Revision: rev})
	default:
		emitError(fmt.Errorf("unknown command: %s", command))
	}
}

// startHarness prepares the data directory, starts etcd and the API server
// and waits until the server is ready. On failure it stops whatever it had
// started.
func startHarness(ctx context.Context, cfg config) (*harness, tokens, error) {
	if err := os.MkdirAll(cfg.dataDir, 0o755); err != nil {
		return nil, tokens{}, fmt.Errorf("creating data dir: %w", err)
	}
	tok, err := ensureTokens(tokensPath(cfg.dataDir))
	if err != nil {
		return nil, tok, err
	}
	if err := writeTokenFile(tokenFilePath(cfg.dataDir), tok); err != nil {
		return nil, tok, err
	}
	certs, err := ensureCerts(certsDir(cfg.dataDir))
	if err != nil {
		return nil, tok, err
	}

	// Take the API port first so "port in use" fails before etcd starts.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.port)))
	if err != nil {
		return nil, tok, fmt.Errorf("API server port: cannot listen on 127.0.0.1:%d (in use?): %w", cfg.port, err)
	}

	etcd, err := startEtcd(ctx, etcdDir(cfg.dataDir), cfg.etcdPort, cfg.verbose)
	if err != nil {
		ln.Close()
		return nil, tok, err
	}
	klog.V(1).Infof("etcd ready at %s", etcd.url())
	if ctx.Err() != nil {
		ln.Close()
		etcd.stop()
		return nil, tok, ctx.Err()
	}

	api, err := startAPIServer(apiServerSettings{
		listener:   ln,
		etcdURL:    etcd.url(),
		certs:      certs,
		tokenFile:  tokenFilePath(cfg.dataDir),
		extraFlags: cfg.extraFlags,
	})
	if err != nil {
		ln.Close()
		etcd.stop()
		return nil, tok, err
	}
	h := &harness{etcd: etcd, api: api, failed: make(chan error, 1)}

	err = writeKubeconfig(kubeconfigPath(cfg.dataDir), api.url(), certs.caPEM, tok)
	if err == nil {
		err = waitReady(ctx, api, certs.caPEM, tok.Admin)
	}
	if err == nil {
		err = ensureRestrictedAccess(ctx, api.url(), certs.caPEM, tok.Admin)
	}
	if err != nil {
		h.stop()
		return nil, tok, err
	}
	go h.watchForFailure()
	return h, tok, nil
}

// watchForFailure reports the first of etcd or the API server dying.
func (h *harness) watchForFailure() {
	select {
	case <-h.api.done:
		h.failed <- fmt.Errorf("API server stopped unexpectedly: %v", h.api.err)
	case err := <-h.etcd.failed():
		h.failed <- fmt.Errorf("etcd failed: %v", err)
	}
}

// stop shuts down the API server first (it still needs etcd to finish its
// requests), then etcd.
func (h *harness) stop() {
	klog.V(1).Info("stopping API server")
	if err := h.api.stop(apiServerStopTimeout); err != nil {
		klog.Errorf("stopping API server: %v", err)
	}
	klog.V(1).Info("stopping etcd")
	h.etcd.stop()
	klog.V(1).Info("stopped")
}

// readCommands turns stdin lines into inputs. "stop" and EOF also abort a
// start still in progress.
func readCommands(r io.Reader, inputs chan<- input, abortStart func()) {
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		word := strings.TrimSpace(scanner.Text())
		if word == "" {
			continue
		}
		in := input{command: word}
		if in.meansStop() {
			abortStart()
		}
		inputs <- in
	}
	abortStart()
	inputs <- input{eof: true}
}

func forwardSignals(inputs chan<- input, abortStart func()) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	for s := range signals {
		abortStart()
		inputs <- input{signal: s}
	}
}
