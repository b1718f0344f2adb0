// controller-runtime contender of `pnpm bench` (test tooling only). It speaks the line protocol
// of bench/support/contenderProcess.ts: it prints one JSON object per line, each with a "phase",
// and reads one command per line from stdin: sync, gc, burst <n>, read, reconcile <concurrency>,
// exit. Arguments: variant (typed, unstructured, pod — corev1.Pod —, each with "-lean" for a cache
// with cache.TransformStripManagedFields(); or footprint: see footprint.go). Environment: BENCH_KUBECONFIG,
// BENCH_NAMESPACE, BENCH_COUNT.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

const imageIndex = "spec.image"

var out = json.NewEncoder(os.Stdout)

func emit(phase string, fields map[string]any) {
	fields["phase"] = phase
	if err := out.Encode(fields); err != nil {
		panic(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "controller-runtime contender:", err)
	os.Exit(1)
}

// kind builds empty objects of the variant under test.
type kind struct {
	object func() client.Object
	list   func() client.ObjectList
	items  func(client.ObjectList) int
	image  func(client.Object) string
}

func kindOf(variant string) kind {
	gvk := groupVersion.WithKind("Widget")
	if variant == "pod" {
		return kind{
			object: func() client.Object { return &corev1.Pod{} },
			list:   func() client.ObjectList { return &corev1.PodList{} },
			items:  func(l client.ObjectList) int { return len(l.(*corev1.PodList).Items) },
			image:  func(o client.Object) string { return o.(*corev1.Pod).Spec.Containers[0].Image },
		}
	}
	if variant == "typed" {
		return kind{
			object: func() client.Object { return &Widget{} },
			list:   func() client.ObjectList { return &WidgetList{} },
			items:  func(l client.ObjectList) int { return len(l.(*WidgetList).Items) },
			image:  func(o client.Object) string { return o.(*Widget).Spec.Image },
		}
	}
	return kind{
		object: func() client.Object {
			u := &unstructured.Unstructured{}
			u.SetGroupVersionKind(gvk)
			return u
		},
		list: func() client.ObjectList {
			l := &unstructured.UnstructuredList{}
			l.SetGroupVersionKind(groupVersion.WithKind("WidgetList"))
			return l
		},
		items: func(l client.ObjectList) int { return len(l.(*unstructured.UnstructuredList).Items) },
		image: func(o client.Object) string {
			s, _, _ := unstructured.NestedString(o.(*unstructured.Unstructured).Object, "spec", "image")
			return s
		},
	}
}

// percentiles runs fn batch times per sample and returns p50 and p99 of the time per call, in µs.
func percentiles(samples, batch int, fn func(i int)) map[string]any {
	times := make([]float64, samples)
	for s := 0; s < samples; s++ {
		start := time.Now()
		for b := 0; b < batch; b++ {
			fn(s*batch + b)
		}
		times[s] = float64(time.Since(start).Nanoseconds()) / 1e3 / float64(batch)
	}
	sort.Float64s(times)
	return map[string]any{"p50Us": times[samples/2], "p99Us": times[(samples*99)/100]}
}

func main() {
	log.SetLogger(logr.Discard())
	lean := strings.HasSuffix(os.Args[1], "-lean")
	variant := strings.TrimSuffix(os.Args[1], "-lean")
	namespace := os.Getenv("BENCH_NAMESPACE")
	count, err := strconv.Atoi(os.Getenv("BENCH_COUNT"))
	if err != nil {
		fail(err)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", os.Getenv("BENCH_KUBECONFIG"))
	if err != nil {
		fail(err)
	}
	cfg.QPS = -1 // no client-side rate limit, like the other contenders
	if variant == "footprint" {
		footprint(cfg, namespace)
		return
	}
	k := kindOf(variant)
	scheme := newScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		fail(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var c cache.Cache
	var counting atomic.Bool
	var events, expected atomic.Int64
	var first, last atomic.Int64
	burstDone := make(chan struct{}, 1)

	stdin := bufio.NewScanner(os.Stdin)
	emit("ready", map[string]any{"heapBytes": heapAfterGC()})
	for stdin.Scan() {
		cmd := strings.Fields(stdin.Text())
		if len(cmd) == 0 {
			continue
		}
		switch cmd[0] {
		case "sync":
			opts := cache.Options{Scheme: scheme, DefaultNamespaces: map[string]cache.Config{namespace: {}}}
			if lean {
				opts.DefaultTransform = cache.TransformStripManagedFields()
			}
			c, err = cache.New(cfg, opts)
			if err != nil {
				fail(err)
			}
			if err := c.IndexField(ctx, k.object(), imageIndex, func(o client.Object) []string {
				return []string{k.image(o)}
			}); err != nil {
				fail(err)
			}
			start := time.Now()
			informer, err := c.GetInformer(ctx, k.object(), cache.BlockUntilSynced(false))
			if err != nil {
				fail(err)
			}
			if _, err := informer.AddEventHandler(toolscache.ResourceEventHandlerFuncs{
				UpdateFunc: func(_, _ any) {
					if !counting.Load() {
						return
					}
					now := time.Now().UnixMicro()
					if events.Add(1) == 1 {
						first.Store(now)
					}
					last.Store(now)
					if events.Load() == expected.Load() {
						burstDone <- struct{}{}
					}
				},
			}); err != nil {
				fail(err)
			}
			go func() {
				if err := c.Start(ctx); err != nil {
					fail(err)
				}
			}()
			if !c.WaitForCacheSync(ctx) {
				fail(fmt.Errorf("cache did not sync"))
			}
			ms := float64(time.Since(start).Microseconds()) / 1e3
			l := k.list()
			if err := c.List(ctx, l, client.InNamespace(namespace)); err != nil {
				fail(err)
			}
			emit("synced", map[string]any{"syncMs": ms, "objects": k.items(l)})
		case "gc":
			emit("settled", map[string]any{"heapBytes": heapAfterGC()})
		case "burst":
			n, _ := strconv.Atoi(cmd[1])
			expected.Store(int64(n))
			events.Store(0)
			counting.Store(true)
			emit("armed", map[string]any{})
			go func() {
				<-burstDone
				counting.Store(false)
				emit("burst", map[string]any{"events": events.Load(), "firstMs": float64(first.Load()) / 1e3, "lastMs": float64(last.Load()) / 1e3})
			}()
		case "read":
			obj := k.object()
			get := percentiles(1000, 100, func(i int) {
				key := types.NamespacedName{Namespace: namespace, Name: fmt.Sprintf("w-%d", (i*7919)%count)}
				if err := c.Get(ctx, key, obj); err != nil {
					fail(err)
				}
			})
			n := 0
			list := func(opts ...client.ListOption) func(int) {
				return func(int) {
					l := k.list()
					if err := c.List(ctx, l, opts...); err != nil {
						fail(err)
					}
					n = k.items(l)
				}
			}
			byNs := percentiles(11, 1, list(client.InNamespace(namespace)))
			byNs["items"] = n
			byLabel := percentiles(21, 1, list(client.InNamespace(namespace), client.MatchingLabels{"shard": "3"}))
			byLabel["items"] = n
			byIndex := percentiles(101, 1, list(client.InNamespace(namespace), client.MatchingFields{imageIndex: "registry.example.com/bench/web:1.0.0"}))
			byIndex["items"] = n
			emit("read", map[string]any{"get": get, "listNamespace": byNs, "listLabel": byLabel, "listIndex": byIndex})
		case "reconcile":
			concurrency, _ := strconv.Atoi(cmd[1])
			reconcileAll(ctx, cfg, k, namespace, count, concurrency)
		case "exit":
			cancel()
			os.Exit(0)
		}
	}
}

// statusReconciler writes status.reconciled once per object and counts the writes.
type statusReconciler struct {
	client client.Client
	kind   kind
	writes atomic.Int64
	count  int64
	done   chan struct{}
}

func (r *statusReconciler) Reconcile(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
	obj := r.kind.object()
	if err := r.client.Get(ctx, req.NamespacedName, obj); err != nil {
		return reconcile.Result{}, client.IgnoreNotFound(err)
	}
	w := obj.(*Widget)
	if w.Status.Reconciled {
		return reconcile.Result{}, nil
	}
	before := w.DeepCopy()
	w.Status.Reconciled = true
	w.Status.ObservedGeneration = w.Generation
	if err := r.client.Status().Patch(ctx, w, client.MergeFrom(before)); err != nil {
		return reconcile.Result{}, err
	}
	if r.writes.Add(1) == r.count {
		close(r.done)
	}
	return reconcile.Result{}, nil
}

// reconcileAll runs a manager with one controller until every object has its status written.
func reconcileAll(ctx context.Context, restCfg *rest.Config, k kind, namespace string, count, concurrency int) {
	start := time.Now()
	mgr, err := manager.New(restCfg, manager.Options{
		Scheme:                 newScheme(),
		Cache:                  cache.Options{DefaultNamespaces: map[string]cache.Config{namespace: {}}},
		Metrics:                metricsserver.Options{BindAddress: "0"},
		HealthProbeBindAddress: "0",
	})
	if err != nil {
		fail(err)
	}
	r := &statusReconciler{client: mgr.GetClient(), kind: k, count: int64(count), done: make(chan struct{})}
	if err := builder.ControllerManagedBy(mgr).For(&Widget{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: concurrency, SkipNameValidation: ptr(true)}).
		Complete(r); err != nil {
		fail(err)
	}
	mctx, stop := context.WithCancel(ctx)
	go func() {
		if err := mgr.Start(mctx); err != nil {
			fail(err)
		}
	}()
	<-r.done
	ms := float64(time.Since(start).Microseconds()) / 1e3
	stop()
	emit("reconciled", map[string]any{"ms": ms, "writes": r.writes.Load()})
}

// heapAfterGC collects, returns freed memory to the OS, and reports the live heap.
func heapAfterGC() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func ptr[T any](v T) *T { return &v }
