package main

import (
	"bufio"
	"context"
	"os"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// footprint runs a manager with one controller on ConfigMaps in namespace, prints "reconciled" at
// its first reconcile and then idles, answering gc and exit.
func footprint(cfg *rest.Config, namespace string) {
	scheme := k8sruntime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		fail(err)
	}
	mgr, err := manager.New(cfg, manager.Options{
		Scheme:                 scheme,
		Cache:                  cache.Options{DefaultNamespaces: map[string]cache.Config{namespace: {}}},
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
	})
	if err != nil {
		fail(err)
	}
	var once sync.Once
	if err := builder.ControllerManagedBy(mgr).For(&corev1.ConfigMap{}).
		Complete(reconcile.Func(func(context.Context, reconcile.Request) (reconcile.Result, error) {
			once.Do(func() { emit("reconciled", map[string]any{}) })
			return reconcile.Result{}, nil
		})); err != nil {
		fail(err)
	}
	go func() {
		if err := mgr.Start(context.Background()); err != nil {
			fail(err)
		}
	}()
	stdin := bufio.NewScanner(os.Stdin)
	for stdin.Scan() {
		switch strings.TrimSpace(stdin.Text()) {
		case "gc":
			emit("settled", map[string]any{"heapBytes": heapAfterGC()})
		case "exit":
			os.Exit(0)
		}
	}
}
