package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// compactRevKey is the etcd key where Kubernetes API servers record the
// revision they last compacted to. Writing it too lets the server's own
// compaction bookkeeping (and the watch cache snapshots behind it) notice
// compactions that we trigger.
const compactRevKey = "compact_rev_key"

// etcdServer is a single-member etcd running inside this process.
type etcdServer struct {
	etcd   *embed.Etcd
	client *clientv3.Client
	port   int
	// logLevel is raised during a deliberate shutdown, when etcd would
	// otherwise log every closed listener as an error.
	logLevel zap.AtomicLevel
}

// startEtcd starts etcd with its data in dir, serving clients on
// 127.0.0.1:port (a free port if 0), and waits until it is ready.
func startEtcd(ctx context.Context, dir string, port int, verbose bool) (*etcdServer, error) {
	port, err := freePortUnlessSet(port)
	if err != nil {
		return nil, fmt.Errorf("etcd client port: %w", err)
	}
	peerPort, err := freePortUnlessSet(0)
	if err != nil {
		return nil, fmt.Errorf("etcd peer port: %w", err)
	}

	cfg := embed.NewConfig()
	cfg.Name = "kubekit"
	cfg.Dir = dir
	clientURL := loopbackURL(port)
	peerURL := loopbackURL(peerPort)
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.EnableGRPCGateway = false
	// Test data only: skipping fsync makes every write much cheaper. Data
	// still survives a restart of this process (the OS keeps it); only a
	// machine crash could lose it.
	cfg.UnsafeNoFsync = true
	logLevel := zap.NewAtomicLevelAt(etcdLogLevel(verbose))
	logger, err := newEtcdLogger(logLevel)
	if err != nil {
		return nil, err
	}
	cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(logger)

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("starting etcd on 127.0.0.1:%d: %w", port, err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, fmt.Errorf("etcd failed while starting: %w", err)
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, fmt.Errorf("etcd was not ready after 60s")
	case <-ctx.Done():
		e.Close()
		return nil, ctx.Err()
	}

	client, err := clientv3.New(clientv3.Config{
		Endpoints:   []string{clientURL.String()},
		DialTimeout: 10 * time.Second,
		Logger:      zap.NewNop(),
	})
	if err != nil {
		e.Close()
		return nil, fmt.Errorf("connecting to etcd: %w", err)
	}
	return &etcdServer{etcd: e, client: client, port: port, logLevel: logLevel}, nil
}

// newEtcdLogger logs JSON lines to stderr at an adjustable level.
func newEtcdLogger(level zap.AtomicLevel) (*zap.Logger, error) {
	cfg := zap.NewProductionConfig()
	cfg.Level = level
	cfg.Sampling = nil
	cfg.OutputPaths = []string{"stderr"}
	cfg.ErrorOutputPaths = []string{"stderr"}
	logger, err := cfg.Build()
	if err != nil {
		return nil, fmt.Errorf("creating etcd logger: %w", err)
	}
	return logger.Named("etcd"), nil
}

func (s *etcdServer) url() string {
	u := loopbackURL(s.port)
	return u.String()
}

// failed delivers errors from etcd's serving goroutines.
func (s *etcdServer) failed() <-chan error { return s.etcd.Err() }

// compact discards all history before the current revision, so reads and
// watches at older revisions fail with "required revision has been
// compacted" (which the API server turns into 410 Gone). It returns the
// revision compacted to.
func (s *etcdServer) compact(ctx context.Context) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	resp, err := s.client.Get(ctx, compactRevKey)
	if err != nil {
		return 0, fmt.Errorf("reading etcd revision: %w", err)
	}
	rev := resp.Header.Revision
	if _, err := s.client.Put(ctx, compactRevKey, strconv.FormatInt(rev, 10)); err != nil {
		return 0, fmt.Errorf("recording compaction in etcd: %w", err)
	}
	if _, err := s.client.Compact(ctx, rev, clientv3.WithCompactPhysical()); err != nil {
		return 0, fmt.Errorf("compacting etcd to revision %d: %w", rev, err)
	}
	return rev, nil
}

// stop closes the client and shuts etcd down, waiting until it is done.
func (s *etcdServer) stop() {
	s.logLevel.SetLevel(zapcore.FatalLevel)
	s.client.Close()
	s.etcd.Close()
}

func loopbackURL(port int) url.URL {
	return url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
}

// freePortUnlessSet returns port if it is set; otherwise it asks the kernel
// for a free loopback port. Either way it checks the port can be bound now,
// so "port in use" is reported clearly rather than deep inside etcd.
func freePortUnlessSet(port int) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return 0, fmt.Errorf("cannot listen on 127.0.0.1:%d (in use?): %w", port, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
