/**
 * `pnpm bench cache [--sizes 10000,50000]`: kubekit's informer cache against client-node's
 * `makeInformer`, on one private real API server. For each size N it seeds N Widgets of about 2 KB
 * of JSON each, then runs each contender in a child process of its own (bench/cache/contender.ts,
 * `node --expose-gc`, so heap figures do not mix) and measures:
 *
 * - initial sync: from starting the informer until it holds the N objects;
 * - retained heap per object: heap after `gc()` with the synced informer, minus the heap before it,
 *   divided by N;
 * - watch events applied per second: the child is stopped (SIGSTOP) while the parent makes
 *   {@link BURST} updates, then continued; the rate is the updates it applies from the first to the
 *   one with the burst's last resourceVersion.
 *
 * Each contender runs with its defaults (kubekit: streaming list, managedFields dropped;
 * client-node: one unpaged list, objects as received). Then, on the smallest size, reads from
 * kubekit's cache: gets and label-selector lists.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { InformerCache } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import { TestEnvironment } from '@kubekit/testing';
import { inParallel, NAMESPACE, seedWidgets, Widget, widgetCrd } from './support/widgets.ts';

const BURST = 2000;
const GETS = 10_000;
const LISTS = 100;
const CONTENDERS = ['kubekit', 'client-node'] as const;
type Contender = (typeof CONTENDERS)[number];

const sizesArg = process.argv.indexOf('--sizes');
const sizes = (sizesArg >= 0 ? (process.argv[sizesArg + 1] ?? '') : '10000,50000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
if (sizes.some((n) => !Number.isInteger(n) || n < BURST)) {
  console.error(`usage: pnpm bench cache [--sizes 10000,50000] (each size >= ${BURST})`);
  process.exit(2);
}

/** The next IPC message of `type` from `child` (rejects if the child exits first). */
function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`contender exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface Figures {
  syncMs: number;
  bytesPerObject: number;
  eventsPerSecond: number;
}

let round = 0;
/** One contender in a child process: sync, retained heap, and a burst of updates. */
async function measure(client: Client, kubeconfigPath: string, contender: Contender, n: number): Promise<Figures> {
  const child = fork(new URL('./cache/contender.ts', import.meta.url), [contender, kubeconfigPath, NAMESPACE, `${n}`], {
    execArgv: ['--expose-gc', '--no-warnings', '--max-old-space-size=8192'],
  });
  try {
    const synced = await next<{ syncMs: number; retainedBytes: number }>(child, 'synced');
    const armed = next(child, 'armed');
    child.send({ type: 'arm' });
    await armed;
    child.kill('SIGSTOP');
    round++;
    const written = await inParallel(0, BURST, (i) =>
      client.patch(
        Widget,
        `w-${i}`,
        { type: 'merge', patch: { spec: { replicas: round * 10 + (i % 10) } } },
        {
          namespace: NAMESPACE,
        },
      ),
    );
    const lastRv = written
      .map((w) => w.metadata?.resourceVersion ?? '0')
      .reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
    const burst = next<{ events: number; ms: number }>(child, 'burst');
    child.send({ type: 'last', resourceVersion: lastRv });
    child.kill('SIGCONT');
    const { events, ms } = await burst;
    return {
      syncMs: synced.syncMs,
      bytesPerObject: synced.retainedBytes / n,
      eventsPerSecond: (events / Math.max(ms, 1)) * 1000,
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.send({ type: 'exit' });
    await exited;
  }
}

/** Gets and label-selector lists from kubekit's cache, in this process. */
async function cacheReads(client: Client, n: number): Promise<Record<string, string | number>[]> {
  const cache = new InformerCache({ client, namespaces: [NAMESPACE] });
  const stop = new AbortController();
  const running = cache.start(stop.signal);
  try {
    const lease = await cache.getInformer(Widget);
    await lease.waitForSync();
    let t = performance.now();
    for (let i = 0; i < GETS; i++) await cache.get(Widget, `w-${i % n}`, { namespace: NAMESPACE });
    const getMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < LISTS; i++) await cache.list(Widget, { namespace: NAMESPACE, labelSelector: { shard: '3' } });
    const listMs = performance.now() - t;
    lease.release();
    return [
      { read: `get ×${GETS}`, ms: Math.round(getMs) },
      { read: `list shard=3 (${n / 10} of ${n}) ×${LISTS}`, ms: Math.round(listMs) },
    ];
  } finally {
    stop.abort();
    await running;
  }
}

const rows: Record<string, string | number>[] = [];
let reads: Record<string, string | number>[] = [];
const env = await TestEnvironment.start({ crds: [widgetCrd] });
const client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
try {
  let seeded = 0;
  for (const n of sizes) {
    const seedMs = await seedWidgets(client, seeded, n);
    console.error(`seeded ${n - seeded} Widgets in ${Math.round(seedMs)} ms`);
    seeded = n;
    if (n === sizes[0]) {
      const json = JSON.stringify(await client.get(Widget, 'w-1', { namespace: NAMESPACE })).length;
      console.error(`one Widget as the server sends it: ${json} bytes of JSON`);
      reads = await cacheReads(client, n);
    }
    const figures = {} as Record<Contender, Figures>;
    for (const contender of CONTENDERS) {
      const t = performance.now();
      figures[contender] = await measure(client, env.kubeconfigPath, contender, n);
      console.error(`${contender} at ${n}: done in ${Math.round(performance.now() - t)} ms`);
    }
    const k = figures.kubekit;
    const c = figures['client-node'];
    const fmt = (x: number) => +x.toFixed(2);
    rows.push(
      {
        N: n,
        figure: 'initial sync (ms)',
        kubekit: Math.round(k.syncMs),
        'client-node': Math.round(c.syncMs),
        ratio: fmt(k.syncMs / c.syncMs),
      },
      {
        N: n,
        figure: 'retained heap per object (bytes)',
        kubekit: Math.round(k.bytesPerObject),
        'client-node': Math.round(c.bytesPerObject),
        ratio: fmt(k.bytesPerObject / c.bytesPerObject),
      },
      {
        N: n,
        figure: `watch events applied per second (${BURST} updates)`,
        kubekit: Math.round(k.eventsPerSecond),
        'client-node': Math.round(c.eventsPerSecond),
        ratio: fmt(k.eventsPerSecond / c.eventsPerSecond),
      },
    );
  }
} finally {
  client.close();
  await env.stop();
}
console.table(rows);
console.table(reads);
