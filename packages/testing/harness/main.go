// Command kubekit-apiserver is test tooling for kubekit; it is never shipped
// to users.
//
// It runs a genuine kube-apiserver (k8s.io/kubernetes/cmd/kube-apiserver,
// built from the Go module proxy) on 127.0.0.1, backed by an etcd embedded in
// the same process, so that kubekit's test suite exercises the real server:
// every core kind, admission, RBAC, the watch cache, bookmarks, 410 Gone,
// pagination, subresources, server-side apply, CEL validation and
// finalizers. There is no controller manager or scheduler (as in
// controller-runtime's envtest): no garbage collection, Pods stay Pending.
//
// The parent process drives it over stdio:
//
//	stdout  JSON lines, one per event: ready, compacted, stopped, error
//	stdin   one command per line: "compact" or "stop"; EOF means stop
//	stderr  logs (quiet unless --verbose)
//
// Usage:
//
//	kubekit-apiserver --data-dir DIR [--port N] [--etcd-port N] [--verbose] [-- apiserver flags...]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// config is the parsed command line.
type config struct {
	dataDir    string
	port       int
	etcdPort   int
	verbose    bool
	extraFlags []string // passed on to the kube-apiserver flag set
}

func main() {
	os.Exit(run())
}

func run() int {
	cfg, err := parseArgs(os.Args[1:], os.Stderr)
	if err != nil {
		emitError(err)
		return 1
	}
	configureLogging(cfg.verbose)
	return serve(cfg)
}

// parseArgs reads our own flags; everything after "--" is kept verbatim for
// the API server.
func parseArgs(args []string, usageOut io.Writer) (config, error) {
	var cfg config
	ours := args
	for i, a := range args {
		if a == "--" {
			ours, cfg.extraFlags = args[:i], args[i+1:]
			break
		}
	}

	fs := flag.NewFlagSet("kubekit-apiserver", flag.ContinueOnError)
	fs.SetOutput(usageOut)
	fs.StringVar(&cfg.dataDir, "data-dir", "", "directory for etcd data, certificates, tokens and the kubeconfig (required)")
	fs.IntVar(&cfg.port, "port", 0, "HTTPS port of the API server on 127.0.0.1 (0 picks a free port)")
	fs.IntVar(&cfg.etcdPort, "etcd-port", 0, "etcd client port on 127.0.0.1 (0 picks a free port)")
	fs.BoolVar(&cfg.verbose, "verbose", false, "log more to stderr")
	if err := fs.Parse(ours); err != nil {
		return cfg, fmt.Errorf("bad command line: %w", err)
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("bad command line: unexpected argument %q (API server flags go after --)", fs.Arg(0))
	}
	if cfg.dataDir == "" {
		return cfg, errors.New("bad command line: --data-dir is required")
	}
	if !validPort(cfg.port) || !validPort(cfg.etcdPort) {
		return cfg, errors.New("bad command line: ports must be between 0 and 65535")
	}
	abs, err := filepath.Abs(cfg.dataDir)
	if err != nil {
		return cfg, fmt.Errorf("bad --data-dir %q: %w", cfg.dataDir, err)
	}
	cfg.dataDir = abs
	return cfg, nil
}

func validPort(p int) bool { return p >= 0 && p <= 65535 }

// paths of everything the harness keeps in the data directory.
func etcdDir(dataDir string) string        { return filepath.Join(dataDir, "etcd") }
func certsDir(dataDir string) string       { return filepath.Join(dataDir, "certs") }
func kubeconfigPath(dataDir string) string { return filepath.Join(dataDir, "kubeconfig") }
func tokensPath(dataDir string) string     { return filepath.Join(dataDir, "tokens.json") }
func tokenFilePath(dataDir string) string  { return filepath.Join(dataDir, "tokens.csv") }
