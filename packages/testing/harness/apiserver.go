package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	noopoteltrace "go.opentelemetry.io/otel/trace/noop"

	crdserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	crdoptions "k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/apiserver/pkg/util/webhook"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
)

const watchTerminationGracePeriod = 2 * time.Second

// apiServer is a running apiextensions-apiserver.
type apiServer struct {
	port   int
	cancel context.CancelFunc
	done   chan struct{} // closed when the server has stopped
	err    error         // why it stopped; read only after done is closed
}

// apiServerSettings are what the harness decides; extraFlags may override
// any flag-backed setting.
type apiServerSettings struct {
	listener   net.Listener
	etcdURL    string
	certs      *servingCerts
	tokens     tokens
	extraFlags []string
}

// startAPIServer builds the server and starts serving in the background.
// The caller waits for readiness separately.
func startAPIServer(s apiServerSettings) (*apiServer, error) {
	opts, err := apiServerOptions(s)
	if err != nil {
		return nil, err
	}
	cfg, err := apiServerConfig(opts, s.tokens)
	if err != nil {
		return nil, err
	}
	port := s.listener.Addr().(*net.TCPAddr).Port
	root := newRootDiscovery(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	server, err := cfg.Complete().New(genericapiserver.NewEmptyDelegateWithCustomHandler(root))
	if err != nil {
		return nil, fmt.Errorf("creating API server: %w", err)
	}
	root.attach(server.GenericAPIServer)

	ctx, cancel := context.WithCancel(context.Background())
	a := &apiServer{
		port:   port,
		cancel: cancel,
		done:   make(chan struct{}),
	}
	prepared := server.GenericAPIServer.PrepareRun()
	go func() {
		defer close(a.done)
		a.err = prepared.RunWithContext(ctx)
		if a.err == nil && ctx.Err() == nil {
			a.err = errors.New("API server stopped by itself")
		}
	}()
	return a, nil
}

// apiServerOptions sets the harness defaults, then applies the caller's
// extra flags on top.
func apiServerOptions(s apiServerSettings) (*crdoptions.CustomResourceDefinitionsServerOptions, error) {
	o := crdoptions.NewCustomResourceDefinitionsServerOptions(os.Stderr, os.Stderr)

	// There is no kube-apiserver to delegate to: authentication and
	// authorization are ours (set in apiServerConfig), and nothing needs
	// core Kubernetes kinds (Namespaces, Services, FlowSchemas, ...).
	o.RecommendedOptions.Authentication = nil
	o.RecommendedOptions.Authorization = nil
	o.RecommendedOptions.CoreAPI = nil
	o.RecommendedOptions.Admission = nil
	o.RecommendedOptions.Features.EnablePriorityAndFairness = false

	o.RecommendedOptions.Etcd.StorageConfig.Transport.ServerList = []string{s.etcdURL}
	// Make open watches end (cleanly, as in a real server rollout) when we
	// stop. With the upstream default of 0 they are left open, and stopping
	// then waits for the full request timeout (60s).
	o.ServerRunOptions.ShutdownWatchTerminationGracePeriod = watchTerminationGracePeriod

	serving := o.RecommendedOptions.SecureServing
	serving.Listener = s.listener
	serving.BindAddress = net.IPv4(127, 0, 0, 1)
	serving.BindPort = s.listener.Addr().(*net.TCPAddr).Port
	serving.ExternalAddress = net.IPv4(127, 0, 0, 1)
	serving.ServerCert.CertKey.CertFile = s.certs.certFile
	serving.ServerCert.CertKey.KeyFile = s.certs.keyFile

	fs := pflag.NewFlagSet("apiserver", pflag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	o.AddFlags(fs)
	if err := fs.Parse(s.extraFlags); err != nil {
		return nil, fmt.Errorf("bad API server flags after --: %w", err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("bad API server flags after --: unexpected argument %q", fs.Arg(0))
	}
	// Applies --feature-gates and --emulated-version.
	if err := o.ServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return nil, fmt.Errorf("applying feature gates: %w", err)
	}
	if err := o.Complete(); err != nil {
		return nil, fmt.Errorf("completing API server options: %w", err)
	}
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("invalid API server options: %w", err)
	}
	return o, nil
}

// apiServerConfig is what the stock options' Config() builds, minus the
// pieces that need a core Kubernetes API (service lookup, shared informers),
// plus our authenticator and authorizer.
func apiServerConfig(o *crdoptions.CustomResourceDefinitionsServerOptions, t tokens) (*crdserver.Config, error) {
	generic := genericapiserver.NewRecommendedConfig(crdserver.Codecs)

	definitions := openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
	namer := openapinamer.NewDefinitionNamer(crdserver.Scheme, clientgoscheme.Scheme)
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(definitions, namer)
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(definitions, namer)

	if err := o.ServerRunOptions.ApplyTo(&generic.Config); err != nil {
		return nil, fmt.Errorf("applying server run options: %w", err)
	}
	generic.EffectiveVersion = withReleaseVersion(generic.EffectiveVersion)
	if err := o.RecommendedOptions.ApplyTo(generic); err != nil {
		return nil, fmt.Errorf("applying server options: %w", err)
	}
	if err := o.APIEnablement.ApplyTo(&generic.Config, crdserver.DefaultAPIResourceConfigSource(), crdserver.Scheme); err != nil {
		return nil, fmt.Errorf("applying API enablement: %w", err)
	}

	// Complete() puts the server's own loopback token in front of these.
	generic.Authentication.Authenticator = newAuthenticator(t)
	generic.Authorization.Authorizer = newAuthorizer()

	return &crdserver.Config{
		GenericConfig: generic,
		ExtraConfig: crdserver.ExtraConfig{
			CRDRESTOptionsGetter: crdoptions.NewCRDRESTOptionsGetter(*o.RecommendedOptions.Etcd, generic.ResourceTransformers, generic.StorageObjectCountTracker),
			MasterCount:          1,
			ServiceResolver:      noServices{},
			AuthResolverWrapper:  webhook.NewDefaultAuthenticationInfoResolverWrapper(nil, nil, generic.LoopbackClientConfig, noopoteltrace.NewTracerProvider()),
		},
	}, nil
}

// noServices resolves conversion webhook services. This server has no
// Services to look them up in, so only webhooks given by URL work.
type noServices struct{}

func (noServices) ResolveEndpoint(namespace, name string, port int32) (*url.URL, error) {
	return nil, fmt.Errorf("cannot resolve service %s/%s:%d: the kubekit test server has no Services; give conversion webhooks a url instead", namespace, name, port)
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
