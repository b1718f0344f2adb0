package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// serviceClusterIPRange is wide enough for tens of thousands of Services
// (the upstream test default, a /24, allows 254).
const serviceClusterIPRange = "10.0.0.0/16"

// apiServer is a running kube-apiserver.
type apiServer struct {
	port   int
	cancel context.CancelFunc
	done   chan struct{} // closed when the server has stopped
	err    error         // why it stopped; read only after done is closed
}

// apiServerSettings are what the harness decides; extraFlags may override
// any of the flags the harness sets.
type apiServerSettings struct {
	listener   net.Listener
	etcdURL    string
	certs      *servingCerts
	tokenFile  string
	extraFlags []string
}

// startAPIServer builds a genuine kube-apiserver in this process and starts
// serving in the background. The caller waits for readiness separately.
func startAPIServer(s apiServerSettings) (*apiServer, error) {
	completed, err := apiServerOptions(s)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &apiServer{
		port:   s.listener.Addr().(*net.TCPAddr).Port,
		cancel: cancel,
		done:   make(chan struct{}),
	}
	go func() {
		defer close(a.done)
		a.err = app.Run(ctx, completed)
		if a.err == nil && ctx.Err() == nil {
			a.err = errors.New("API server stopped by itself")
		}
	}()
	return a, nil
}

// harnessFlags are the kube-apiserver flags of a test server on loopback:
// static tokens for the two users, RBAC, admission as upstream (minus
// ServiceAccount, which needs the controller manager's token controller, as
// in controller-runtime's envtest), no endpoint reconciler (there is no
// routable address to advertise), and open watches that end cleanly when
// the server stops.
func harnessFlags(s apiServerSettings) []string {
	port := s.listener.Addr().(*net.TCPAddr).Port
	return []string{
		"--etcd-servers=" + s.etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + s.certs.certFile,
		"--tls-private-key-file=" + s.certs.keyFile,
		"--token-auth-file=" + s.tokenFile,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + s.certs.serviceAccountPubFile,
		"--service-account-signing-key-file=" + s.certs.serviceAccountKeyFile,
		"--service-cluster-ip-range=" + serviceClusterIPRange,
		"--endpoint-reconciler-type=none",
		"--allow-privileged=true",
		"--disable-admission-plugins=ServiceAccount",
		"--shutdown-watch-termination-grace-period=2s",
		"--profiling=false",
	}
}

// apiServerOptions parses the harness flags, then the caller's extra flags
// on top (a later flag wins), and completes and validates them as the
// kube-apiserver command does.
func apiServerOptions(s apiServerSettings) (options.CompletedOptions, error) {
	o := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	for _, set := range o.Flags().FlagSets {
		fs.AddFlagSet(set)
	}
	if err := fs.Parse(append(harnessFlags(s), s.extraFlags...)); err != nil {
		return options.CompletedOptions{}, fmt.Errorf("bad API server flags after --: %w", err)
	}
	if fs.NArg() > 0 {
		return options.CompletedOptions{}, fmt.Errorf("bad API server flags after --: unexpected argument %q", fs.Arg(0))
	}
	// Applies --feature-gates and --emulated-version.
	if err := o.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return options.CompletedOptions{}, fmt.Errorf("applying feature gates: %w", err)
	}
	// The server's own loopback clients should not log the warnings it sends itself.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	o.SecureServing.Listener = s.listener
	completed, err := o.Complete(context.Background())
	if err != nil {
		return options.CompletedOptions{}, fmt.Errorf("completing API server options: %w", err)
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return options.CompletedOptions{}, fmt.Errorf("invalid API server options: %w", utilerrors.NewAggregate(errs))
	}
	return completed, nil
}

// stop shuts the server down and waits for it, at most for timeout.
func (a *apiServer) stop(timeout time.Duration) error {
	a.cancel()
	select {
	case <-a.done:
		return a.err
	case <-time.After(timeout):
		return fmt.Errorf("API server did not stop within %s", timeout)
	}
}

func (a *apiServer) url() string {
	return "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(a.port))
}
