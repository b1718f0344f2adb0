// Command etcd-seed writes Kubernetes objects straight into the etcd of a
// benchmark API server, encoded as kube-apiserver stores them (protobuf), so
// that seeding 150,000 Pods takes minutes instead of hours. It reads one
// object per line of JSON on stdin, each already in the form the API server
// would store (defaults, managedFields and uid in place; the bench derives
// them from Pods it created through the API and checks the result), and puts
// it under /registry/<resource>/<namespace>/<name>, many puts per
// transaction. The API server's watch cache sees the writes as any other.
//
// Usage: etcd-seed <etcd URL> <resource> (a namespaced resource, e.g. http://127.0.0.1:2379 pods)
package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/client-go/kubernetes/scheme"
)

// opsPerTxn stays well under etcd's default --max-txn-ops (128), and a
// transaction small enough (about 200 KB) to commit in time on a loaded machine.
const opsPerTxn = 25

// writers is the number of transactions in flight.
const writers = 4

// attempts is how often one transaction is tried: a put of the same value is
// safe to repeat, and a starved etcd answers "request timed out".
const attempts = 10

type put struct{ key, value string }

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: etcd-seed <etcd URL> <resource>")
		os.Exit(2)
	}
	endpoint, resource := os.Args[1], os.Args[2]
	client, err := clientv3.New(clientv3.Config{
		Endpoints:   []string{endpoint},
		DialTimeout: 10 * time.Second,
		Logger:      zap.NewNop(),
	})
	if err != nil {
		fail(err)
	}
	defer client.Close()

	decoder := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, json.SerializerOptions{})
	encoder := protobuf.NewSerializer(scheme.Scheme, scheme.Scheme)

	batches := make(chan []put, writers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range writers {
		wg.Go(func() {
			for batch := range batches {
				ops := make([]clientv3.Op, len(batch))
				for i, p := range batch {
					ops[i] = clientv3.OpPut(p.key, p.value)
				}
				var err error
				for attempt := range attempts {
					if _, err = client.Txn(context.Background()).Then(ops...).Commit(); err == nil {
						break
					}
					time.Sleep(time.Duration(attempt+1) * time.Second)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		})
	}

	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	count := 0
	batch := make([]put, 0, opsPerTxn)
	var buf bytes.Buffer
	for scanner.Scan() {
		obj, _, err := decoder.Decode(scanner.Bytes(), nil, nil)
		if err != nil {
			fail(fmt.Errorf("line %d: %w", count+1, err))
		}
		m, err := meta.Accessor(obj)
		if err != nil {
			fail(fmt.Errorf("line %d: %w", count+1, err))
		}
		buf.Reset()
		if err := encoder.Encode(obj, &buf); err != nil {
			fail(err)
		}
		key := fmt.Sprintf("/registry/%s/%s/%s", resource, m.GetNamespace(), m.GetName())
		batch = append(batch, put{key, buf.String()})
		count++
		if len(batch) == opsPerTxn {
			batches <- batch
			batch = make([]put, 0, opsPerTxn)
		}
	}
	if err := scanner.Err(); err != nil {
		fail(err)
	}
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	wg.Wait()
	if firstErr != nil {
		fail(firstErr)
	}
	fmt.Printf("{\"written\":%d}\n", count)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "etcd-seed:", err)
	os.Exit(1)
}
