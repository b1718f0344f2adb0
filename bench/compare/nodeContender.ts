/**
 * The Node contenders of `pnpm bench`, one per process (`node --expose-gc`), speaking the line
 * protocol of bench/support/contenderProcess.ts. Argument: `kubekit` (InformerCache at its defaults;
 * `kubekit-plain` with `compression: false`, `kubekit-gzip` with `compression: true`), `client-node`
 * (`makeInformer`) or `floor` (JSON.parse of the same bytes, no client). Environment:
 * BENCH_KUBECONFIG, BENCH_NAMESPACE, BENCH_COUNT, BENCH_KIND (`widget`, the default, or `pod`:
 * bench/support/pods.ts).
 *
 * Commands: `sync` (start the informer, answer `synced` once it holds every object), `gc` (collect,
 * answer `settled` with the heap), `burst <n>` (answer `armed`, then `burst` once n updates were
 * applied), `read` (answer `read` with p50/p99 of cached reads), `floor` (floor only), `exit`.
 */
import { type RequestOptions, request } from 'node:https';
import { createInterface } from 'node:readline';
import { getHeapStatistics } from 'node:v8';
import { dropManagedFields, InformerCache, type InformerLease } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import { type KubeObject, silentLogger } from '@kubekit/core';
import { controllerFor, Manager } from '@kubekit/manager';
import { CoreV1Api, CustomObjectsApi, KubeConfig, type KubernetesObject, makeInformer } from '@kubernetes/client-node';
import { Pod } from '../support/pods.ts';
import { INDEXED_IMAGE, Widget } from '../support/widgets.ts';

const variant = process.argv[2];
const kubeconfigPath = process.env.BENCH_KUBECONFIG ?? '';
const namespace = process.env.BENCH_NAMESPACE ?? '';
const count = Number(process.env.BENCH_COUNT);
const gc = globalThis.gc;
if (!gc || !kubeconfigPath || !namespace || !(count > 0)) {
  throw new Error(
    'usage: BENCH_KUBECONFIG=… BENCH_NAMESPACE=… BENCH_COUNT=… node --expose-gc nodeContender.ts <variant>',
  );
}
const emit = (phase: string, fields: object = {}) => process.stdout.write(`${JSON.stringify({ ...fields, phase })}\n`);

/** Heap in use after full collections. */
function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** p50 and p99 of the time per call of `fn`, in µs, over `samples` samples of `batch` calls. */
async function percentiles(
  samples: number,
  batch: number,
  fn: (i: number) => unknown,
): Promise<Record<string, number>> {
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let b = 0; b < batch; b++) {
      const r = fn(s * batch + b);
      if (r instanceof Promise) await r;
    }
    times.push(((performance.now() - t) * 1000) / batch);
  }
  times.sort((a, b) => a - b);
  return { p50Us: times[Math.floor(samples / 2)] ?? 0, p99Us: times[Math.floor((samples * 99) / 100)] ?? 0 };
}

/** Counts the updates of a burst. */
const burst = { counting: false, events: 0, expected: 0, first: 0, last: 0 };
function applied(): void {
  if (!burst.counting) return;
  const now = performance.timeOrigin + performance.now();
  if (burst.events++ === 0) burst.first = now;
  burst.last = now;
  if (burst.events === burst.expected) {
    burst.counting = false;
    emit('burst', { events: burst.events, firstMs: burst.first, lastMs: burst.last });
  }
}

/** What differs between the contenders. */
interface Contender {
  sync(): Promise<number>;
  reads(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const kc = new KubeConfig();
kc.loadFromFile(kubeconfigPath);
const name = (i: number) => `w-${(i * 7919) % count}`;
const pods = process.env.BENCH_KIND === 'pod';
/** The kind under test (Widget's type stands for either: both are plain objects). */
const Kind = (pods ? Pod : Widget) as typeof Widget;
/** The indexed image of an object of the kind under test. */
const imageOf = (o: unknown): string | undefined =>
  pods ? (o as Pod).spec?.containers?.[0]?.image : (o as Widget).spec?.image;
/** The collection's path on the server. */
const collectionPath = pods
  ? `/api/v1/namespaces/${namespace}/pods`
  : `/apis/bench.kubekit.dev/v1/namespaces/${namespace}/widgets`;

/** kubekit's informer cache; `compression` as the client's option (`undefined`: its default, no gzip). */
function kubekit(compression: boolean | undefined, skipManagedFields = true): Contender {
  const client = new Client({ kubeConfig: kc, qps: 0, ...(compression !== undefined && { compression }) });
  // a transform that is not the default one: managedFields are parsed, then dropped (before the skip)
  const transform = skipManagedFields ? undefined : (o: KubeObject) => dropManagedFields(o);
  const cache = new InformerCache({ client, namespaces: [namespace], ...(transform && { transform }) });
  cache.indexField(Kind, 'spec.image', (o) => [imageOf(o) ?? '']);
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  let lease: InformerLease<Widget> | undefined;
  return {
    async sync() {
      running = cache.start(controller.signal);
      lease = await cache.getInformer(Kind);
      lease.subscribe((e) => {
        if (e.type === 'update') applied();
      });
      await lease.waitForSync();
      return (await cache.list(Kind, { namespace })).items.length;
    },
    async reads() {
      const store = lease?.stores.get(namespace);
      if (!store) throw new Error('no store');
      let items = 0;
      const list = (options: Parameters<typeof cache.list>[1]) => async () => {
        items = (await cache.list(Kind, options)).items.length;
      };
      const get = await percentiles(1000, 100, (i) => cache.get(Kind, name(i), { namespace }));
      const storeGet = await percentiles(1000, 100, (i) => store.get(name(i), namespace));
      const listNamespace = { ...(await percentiles(11, 1, list({ namespace }))), items };
      const listLabel = { ...(await percentiles(21, 1, list({ namespace, labelSelector: 'shard=3' }))), items };
      const listIndex = {
        ...(await percentiles(101, 1, list({ namespace, fieldSelector: `spec.image=${INDEXED_IMAGE}` }))),
        items,
      };
      return { get, storeGet, listNamespace, listLabel, listIndex };
    },
    async stop() {
      lease?.release();
      controller.abort();
      await running;
      client.close();
    },
  };
}

function clientNode(): Contender {
  const api = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const at = { group: 'bench.kubekit.dev', version: 'v1', namespace, plural: 'widgets' };
  const informer = makeInformer<KubernetesObject>(kc, collectionPath, () =>
    pods ? core.listNamespacedPod({ namespace }) : api.listNamespacedCustomObject(at),
  );
  informer.on('update', applied);
  informer.on('error', (err) => console.error('client-node informer error:', err));
  return {
    async sync() {
      await informer.start();
      return informer.list(namespace).length;
    },
    async reads() {
      let items = 0;
      const filter = (keep: (o: KubernetesObject) => boolean) => () => {
        items = informer.list(namespace).filter(keep).length;
      };
      const get = await percentiles(1000, 100, (i) => informer.get(name(i), namespace));
      const listNamespace = {
        ...(await percentiles(11, 1, () => {
          items = informer.list(namespace).length;
        })),
        items,
      };
      const listLabel = {
        ...(await percentiles(
          21,
          1,
          filter((o) => o.metadata?.labels?.shard === '3'),
        )),
        items,
      };
      const listIndex = {
        ...(await percentiles(
          101,
          1,
          filter((o) => imageOf(o) === INDEXED_IMAGE),
        )),
        items,
      };
      return { get, listNamespace, listLabel, listIndex };
    },
    stop: () => informer.stop(),
  };
}

/** GET `path` from the API server; the body as received, not decoded. */
async function getRaw(path: string): Promise<Buffer> {
  const server = new URL(kc.getCurrentCluster()?.server ?? '');
  const options: RequestOptions = { hostname: server.hostname, port: server.port, path, method: 'GET' };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${path}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/**
 * The floor: the list's pages as the server sends them, then the CPU of decoding and parsing them,
 * the heap the parsed objects retain (as received, and with managedFields set to undefined), and
 * the parse rate of watch events built from the same objects.
 */
async function floor(events: number): Promise<Record<string, unknown>> {
  const pages: Buffer[] = [];
  let cont = '';
  do {
    const page = await getRaw(`${collectionPath}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    pages.push(page);
    cont = (JSON.parse(page.toString()) as { metadata?: { continue?: string } }).metadata?.continue ?? '';
  } while (cont);
  const listBytes = pages.reduce((n, p) => n + p.length, 0);
  const baseline = heapAfterGc();
  let items: KubernetesObject[] = [];
  let cpu = process.cpuUsage();
  let t = performance.now();
  for (const page of pages) items.push(...(JSON.parse(page.toString('utf8')) as { items: KubernetesObject[] }).items);
  const parseCpuMs = cpuMs(cpu);
  const parseWallMs = performance.now() - t;
  const retained = heapAfterGc() - baseline;
  const jsonBytes = items.reduce((n, o) => n + JSON.stringify(o).length, 0);
  for (const o of items) if (o.metadata) o.metadata.managedFields = undefined;
  const strippedJsonBytes = items.reduce((n, o) => n + JSON.stringify(o).length, 0);
  const retainedStripped = heapAfterGc() - baseline;
  const lines = Array.from({ length: events }, (_, i) =>
    Buffer.from(`{"type":"MODIFIED","object":${JSON.stringify(items[i % items.length])}}\n`),
  );
  const n = items.length;
  items = [];
  heapAfterGc();
  let sink = 0;
  cpu = process.cpuUsage();
  t = performance.now();
  for (const line of lines) sink += (JSON.parse(line.toString('utf8')) as { type: string }).type.length;
  const eventCpuMs = cpuMs(cpu);
  const eventWallMs = performance.now() - t;
  return {
    objects: n,
    listBytes,
    jsonBytesPerObject: jsonBytes / n,
    strippedJsonBytesPerObject: strippedJsonBytes / n,
    parseCpuUsPerObject: (parseCpuMs * 1000) / n,
    parseWallMs,
    parseMBps: listBytes / 1e6 / (parseCpuMs / 1000),
    retainedBytesPerObject: retained / n,
    retainedStrippedBytesPerObject: retainedStripped / n,
    eventsParsed: sink > 0 ? events : 0,
    eventParseCpuUsPerEvent: (eventCpuMs * 1000) / events,
    eventsPerCpuSecond: events / (eventCpuMs / 1000),
    eventWallMs,
  };
}

/**
 * kubekit's reconcile contender: a Manager with one controller on Widget in `namespace` and
 * `concurrency` workers; each reconcile reads its Widget from the cache and, unless
 * `status.reconciled` is set, merge-patches the status subresource — what the Go and Rust peers
 * do. The client's rate limit is off, as in the peers. Done at the `count`-th status write.
 */
async function reconcileAll(concurrency: number): Promise<{ ms: number; writes: number }> {
  const start = performance.now();
  const mgr = new Manager({
    kubeConfig: kc,
    client: { qps: 0 },
    cache: { namespaces: [namespace] },
    logger: silentLogger,
  });
  let writes = 0;
  let resolve = () => {};
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  controllerFor(mgr, Widget)
    .withOptions({ maxConcurrentReconciles: concurrency })
    .complete(async ({ namespace: ns, name: n }) => {
      const w = await mgr.client.get(Widget, n, { namespace: ns });
      if (w.status?.reconciled) return;
      const status = { reconciled: true, observedGeneration: w.metadata?.generation };
      await mgr.client.status().patch(Widget, n, { type: 'merge', patch: { status } }, { namespace: ns });
      if (++writes === count) resolve();
    });
  const stop = new AbortController();
  const running = mgr.start(stop.signal);
  await Promise.race([done, running]);
  const ms = performance.now() - start;
  stop.abort();
  await running;
  return { ms, writes };
}

const contender =
  variant === 'kubekit' || variant === 'kubekit-plain' || variant === 'kubekit-gzip' || variant === 'kubekit-parse-all'
    ? kubekit(
        variant === 'kubekit-gzip' ? true : variant === 'kubekit-plain' ? false : undefined,
        variant !== 'kubekit-parse-all',
      )
    : variant === 'client-node'
      ? clientNode()
      : undefined;
if (!contender && variant !== 'floor') throw new Error(`unknown variant ${variant}`);
const baseline = heapAfterGc();
emit('ready', { heapBytes: baseline });
for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'sync' && contender) {
    // The heap's high-water mark during the sync, sampled every 5 ms when the event loop turns
    // (from V8's statistics: process.memoryUsage() reads /proc and would cost more than it sees).
    let peakHeap = getHeapStatistics().used_heap_size;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
    }, 5);
    const t = performance.now();
    const objects = await contender.sync();
    const syncMs = performance.now() - t;
    clearInterval(sampler);
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
    emit('synced', { syncMs, objects, peakHeapBytes: peakHeap - baseline });
  } else if (command === 'gc') {
    const heap = heapAfterGc();
    emit('settled', { heapBytes: heap, retainedBytes: heap - baseline });
  } else if (command === 'burst') {
    Object.assign(burst, { counting: true, events: 0, expected: Number(arg), first: 0, last: 0 });
    emit('armed');
  } else if (command === 'read' && contender) {
    emit('read', await contender.reads());
  } else if (command === 'reconcile' && variant === 'kubekit') {
    emit('reconciled', await reconcileAll(Number(arg)));
  } else if (command === 'floor') {
    emit('floor', await floor(Number(arg)));
  } else if (command === 'exit') {
    await contender?.stop();
    process.exit(0);
  }
}
