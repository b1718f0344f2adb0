/**
 * One contender of `pnpm bench cache`, in a process of its own (started by bench/cache.ts with
 * `node --expose-gc`), so its heap holds one informer and nothing else. Arguments: contender
 * (`kubekit` or `client-node`), kubeconfig path, namespace, object count. It talks to the parent
 * over IPC:
 *
 * - sends `{ type: 'synced', syncMs, retainedBytes }` once the informer holds the `count` objects;
 * - on `{ type: 'arm' }` answers `{ type: 'armed' }` and from then counts applied updates (the parent
 *   then stops this process with SIGSTOP, makes a burst of updates and continues it with SIGCONT, so
 *   the updates wait in the socket and arrive as fast as the server sends them);
 * - on `{ type: 'last', resourceVersion }` knows the burst's last resourceVersion; once it has
 *   applied that one it sends `{ type: 'burst', events, ms }` (first to last event applied);
 * - on `{ type: 'exit' }` stops the informer and exits.
 */
import { InformerCache } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import { CustomObjectsApi, KubeConfig, type KubernetesObject, makeInformer } from '@kubernetes/client-node';
import { Widget } from '../support/widgets.ts';

type ParentMessage = { type: 'arm' } | { type: 'last'; resourceVersion: string } | { type: 'exit' };

const [contender, kubeconfigPath, namespace, countArg] = process.argv.slice(2);
const count = Number(countArg);
const gc = globalThis.gc;
if (!gc || !kubeconfigPath || !namespace || !(count > 0) || !process.send) {
  throw new Error('usage: node --expose-gc bench/cache/contender.ts <kubekit|client-node> <kubeconfig> <ns> <n>');
}
const send = (m: object) => process.send?.(m);

/** Heap in use after full collections. */
function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

// Counting of the burst's updates.
let counting = false;
let events = 0;
let first = 0;
let lastApplied = 0;
let lastRv: string | undefined;
let sawLast = false;
let reported = false;
function report(): void {
  if (reported || !sawLast) return;
  reported = true;
  send({ type: 'burst', events, ms: lastApplied - first });
}
function applied(obj: KubeObject): void {
  if (!counting) return;
  const now = performance.now();
  if (events++ === 0) first = now;
  lastApplied = now;
  if (lastRv !== undefined && obj.metadata?.resourceVersion === lastRv) sawLast = true;
  seenRvs?.add(obj.metadata?.resourceVersion ?? '');
  report();
}
// Before `last` arrives, remember what was applied: the last event may come first.
let seenRvs: Set<string> | undefined = new Set();

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
let stop: () => Promise<void>;
let syncMs: number;
let retainedBytes: number;

if (contender === 'kubekit') {
  const client = new Client({ kubeConfig: kc, qps: 0 });
  const cache = new InformerCache({ client, namespaces: [namespace] });
  const controller = new AbortController();
  const running = cache.start(controller.signal);
  const baseline = heapAfterGc();
  const start = performance.now();
  const lease = await cache.getInformer(Widget);
  await lease.waitForSync();
  syncMs = performance.now() - start;
  lease.subscribe((e) => {
    if (e.type === 'update') applied(e.object);
  });
  retainedBytes = heapAfterGc() - baseline;
  stop = async () => {
    lease.release();
    controller.abort();
    await running;
    client.close();
  };
} else if (contender === 'client-node') {
  const api = kc.makeApiClient(CustomObjectsApi);
  const at = { group: 'bench.kubekit.dev', version: 'v1', namespace, plural: 'widgets' };
  const baseline = heapAfterGc();
  const start = performance.now();
  const informer = makeInformer<KubernetesObject>(
    kc,
    `/apis/bench.kubekit.dev/v1/namespaces/${namespace}/widgets`,
    () => api.listNamespacedCustomObject(at),
  );
  informer.on('update', (obj) => applied(obj as KubeObject));
  informer.on('error', (err) => console.error('client-node informer error:', err));
  await informer.start();
  syncMs = performance.now() - start;
  if (informer.list(namespace).length !== count) {
    throw new Error(`client-node informer holds ${informer.list(namespace).length} objects, not ${count}`);
  }
  retainedBytes = heapAfterGc() - baseline;
  stop = () => informer.stop();
} else {
  throw new Error(`unknown contender ${contender}`);
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'arm') {
    counting = true;
    send({ type: 'armed' });
  } else if (m.type === 'last') {
    lastRv = m.resourceVersion;
    if (seenRvs?.has(lastRv)) sawLast = true;
    seenRvs = undefined;
    report();
  } else {
    void stop().then(() => process.exit(0));
  }
});
send({ type: 'synced', syncMs, retainedBytes });
