/**
 * `pnpm bench [sync,watch,read,reconcile,floor] [--sizes 10000,50000,100000] [--runs 3]
 * [--contenders a,b] [--burst 20000] [--kind pod] [--seed etcd|api] [--out file.json] [--cpu-prof]`: kubekit side by side with client-node's
 * `makeInformer`, controller-runtime (typed and unstructured) and kube-rs (typed `CustomResource`
 * and `DynamicObject`), and on request kubekit-plain (kubekit without gzip), each in its own process, one after another, against one real API server
 * (the test harness) seeded with N Widgets of about 2 KB (bench/support/widgets.ts). Without a
 * scenario (or a comma-separated list of them) it runs them all. For every contender the runner
 * samples wall time, CPU (user+sys) and resident memory from /proc, and counts TCP connections
 * through a proxy in front of the server.
 *
 * - sync: start the informer, wait until it holds the N objects; CPU per object, peak RSS, retained
 *   RSS (and heap, for Node and Go) per object after a collection.
 * - watch: a burst of updates written at full speed while synced; events applied per second,
 *   lag after the last write, CPU per event.
 * - read: cached get (p50/p99 of batches of 100) and lists by namespace, label and field index.
 * - reconcile: 1,000 fresh objects each reconciled once with a status write, at concurrency 1, 4
 *   and 16 (kubekit's Manager, controller-runtime and kube-rs).
 * - floor: JSON.parse of the same list pages in Node, the heap the objects retain, and the parse
 *   rate of watch events of the same objects. Runs only when named (or with no scenario given), as
 *   its per-object figures hardly depend on N and it fetches and parses the whole list once more.
 *
 * `--kind pod` seeds Pods shaped like a cluster's (bench/support/pods.ts) instead, for the contenders
 * that read any kind (kubekit, client-node and the typed peers). Pods are seeded straight into the
 * server's etcd (`seedPodsThroughEtcd`: a few through the API, the rest derived from them and
 * checked against them), some 10 times cheaper than through the API; `--seed api` writes every Pod
 * through the API server instead. The `-lean` peers strip
 * managedFields as their documentation suggests (controller-runtime's
 * `cache.TransformStripManagedFields()`, kube-rs's `.modify()`); kubekit drops them by default.
 *
 * Prints markdown tables and writes every sample plus the machine to `--out`
 * (default bench/results/compare-<time>.json). `--cpu-prof` writes a V8 CPU profile of each Node
 * contender process to bench/results/profiles/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, readKubeConfig } from '@kubekit/client';
import { TestEnvironment } from '@kubekit/testing';
import { buildPeers } from './peers/build.ts';
import { ContenderProcess, type PhaseMessage } from './support/contenderProcess.ts';
import { CountingProxy } from './support/countingProxy.ts';
import { type EtcdTarget, Pod, seedPods, seedPodsThroughEtcd } from './support/pods.ts';
import type { ProcSample } from './support/procSample.ts';
import { fmt, machineInfo, markdownTable, median } from './support/report.ts';
import { inParallel, NAMESPACE, seedWidgets, Widget, widgetCrd } from './support/widgets.ts';

const SCENARIOS = ['sync', 'watch', 'read', 'reconcile', 'floor'] as const;
type Scenario = (typeof SCENARIOS)[number];
const RECONCILE_OBJECTS = 1000;
const CONCURRENCIES = [1, 4, 16];

/** How to start one contender. */
interface ContenderSpec {
  name: string;
  command(peers: Record<'controller-runtime' | 'kube-rs', string>): [string, string[]];
  /** Runs the reconcile scenario; `false` while it has no reconcile program. */
  reconciles: boolean;
  /** Runs only when named in `--contenders`. @default false */
  onRequest?: boolean;
  /** Runs with `--kind pod` (a typed or untyped contender that reads any kind). @default false */
  pods?: boolean;
}

const nodeContender = fileURLToPath(new URL('./compare/nodeContender.ts', import.meta.url));
const profileDir = process.argv.includes('--cpu-prof')
  ? fileURLToPath(new URL('./results/profiles/', import.meta.url))
  : undefined;
const node = (variant: string) => (): [string, string[]] => [
  process.execPath,
  [
    '--expose-gc',
    '--max-old-space-size=8192',
    '--no-warnings',
    ...(profileDir
      ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${variant}-${Date.now()}.cpuprofile`]
      : []),
    nodeContender,
    variant,
  ],
];
/** `--kind pod`: Pods shaped like a cluster's (bench/support/pods.ts) instead of Widgets. */
const podKind = process.argv.includes('pod') && process.argv[process.argv.indexOf('pod') - 1] === '--kind';
/** A peer's variant argument: its typed variant reads the kind under test; `-lean` strips managedFields. */
const peerVariant = (base: string, lean = false) =>
  `${podKind && base === 'typed' ? 'pod' : base}${lean ? '-lean' : ''}`;
const CONTENDERS: ContenderSpec[] = [
  { name: 'kubekit', command: node('kubekit'), reconciles: true, pods: true },
  { name: 'kubekit-plain', command: node('kubekit-plain'), reconciles: false, onRequest: true, pods: true },
  {
    name: 'kubekit-parse-all',
    command: node('kubekit-parse-all'),
    reconciles: false,
    onRequest: true,
    pods: true,
  },
  { name: 'client-node', command: node('client-node'), reconciles: false, pods: true },
  { name: 'cr-typed', command: (p) => [p['controller-runtime'], [peerVariant('typed')]], reconciles: true, pods: true },
  {
    name: 'cr-typed-lean',
    command: (p) => [p['controller-runtime'], [peerVariant('typed', true)]],
    reconciles: false,
    pods: true,
  },
  { name: 'cr-unstructured', command: (p) => [p['controller-runtime'], ['unstructured']], reconciles: false },
  {
    name: 'cr-unstructured-lean',
    command: (p) => [p['controller-runtime'], ['unstructured-lean']],
    reconciles: false,
    onRequest: true,
  },
  { name: 'kube-rs-typed', command: (p) => [p['kube-rs'], [peerVariant('typed')]], reconciles: true, pods: true },
  {
    name: 'kube-rs-typed-lean',
    command: (p) => [p['kube-rs'], [peerVariant('typed', true)]],
    reconciles: false,
    pods: true,
  },
  { name: 'kube-rs-dynamic', command: (p) => [p['kube-rs'], ['dynamic']], reconciles: false },
  {
    name: 'kube-rs-dynamic-lean',
    command: (p) => [p['kube-rs'], ['dynamic-lean']],
    reconciles: false,
    onRequest: true,
  },
];

// ---- arguments
const argv = process.argv.slice(2).filter((a) => a !== 'compare');
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const scenarioArg = argv[0] && !argv[0].startsWith('--') ? argv[0].split(',') : undefined;
const unknown = scenarioArg?.filter((s) => !SCENARIOS.includes(s as Scenario));
if (unknown?.length) {
  console.error(`unknown scenario ${unknown.join(', ')}; one or more (comma-separated) of ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
const scenarios = new Set<Scenario>((scenarioArg ?? SCENARIOS) as Scenario[]);
const sizes = option('sizes', '10000,50000,100000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const runs = Number(option('runs', '3'));
const burstSize = Number(option('burst', '20000'));
const wanted = option(
  'contenders',
  CONTENDERS.filter((c) => !c.onRequest && (!podKind || c.pods))
    .map((c) => c.name)
    .join(','),
).split(',');
// in the order given, so a run short of time or memory measures the ones named first
const contenders = wanted.flatMap((name) => CONTENDERS.filter((c) => c.name === name));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const out = option('out', join(resultsDir, `compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !(runs >= 1) || !(burstSize >= 1)) {
  console.error('usage: pnpm bench [scenario] [--sizes 10000,50000] [--runs 3] [--burst 20000] [--contenders a,b]');
  process.exit(2);
}

// ---- samples: samples[key][metric] = one value per run
const samples = new Map<string, Record<string, number[]>>();
function record(key: string, figures: Record<string, number | undefined>): void {
  const entry = samples.get(key) ?? {};
  for (const [metric, value] of Object.entries(figures)) {
    if (value !== undefined) entry[metric] = [...(entry[metric] ?? []), value];
  }
  samples.set(key, entry);
}
const med = (key: string, metric: string): number => median(samples.get(key)?.[metric] ?? []);
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const num = (m: PhaseMessage, field: string): number => Number(m[field]);
const nested = (m: PhaseMessage, field: string, inner: string): number | undefined => {
  const v = (m[field] as Record<string, number> | undefined)?.[inner];
  return v === undefined ? undefined : Number(v);
};

// ---- the run
const peers = await buildPeers(log);
// `--reuse <kubeconfig>`: a server a killed run left behind, already seeded to the first size
const reuse = option('reuse', '');
const env = reuse
  ? { kubeconfigPath: reuse, kubeConfig: readKubeConfig({ path: reuse }), stop: async () => {}, backend: 'reused' }
  : await TestEnvironment.start({ crds: [widgetCrd] });
const writer = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
/** Where Pods are seeded straight into etcd: the etcd of the server this run started. */
const etcdUrl = 'etcdUrl' in env ? env.etcdUrl : undefined;
const seedVia = option('seed', etcdUrl ? 'etcd' : 'api');
if (seedVia !== 'api' && !(seedVia === 'etcd' && etcdUrl)) {
  console.error(`--seed ${seedVia}: 'api', or 'etcd' on a harness server this run started`);
  process.exit(2);
}
const etcd: EtcdTarget | undefined =
  seedVia === 'etcd' && etcdUrl ? { url: etcdUrl, binary: peers['etcd-seed'] } : undefined;
const serverUrl = env.kubeConfig.getCurrentCluster()?.server ?? '';
const scratch = await mkdtemp(join(tmpdir(), 'kubekit-bench-'));
/**
 * Bursts so far; with the run's start time it makes every burst's values new, so no patch is a no-op
 * (a no-op sends no event, and the burst would wait for it forever) when `--reuse` meets a server
 * that an earlier run already patched.
 */
let round = 0;
const runId = Date.now().toString(36);

/** Starts `spec` behind a fresh counting proxy. */
async function startContender(spec: ContenderSpec, namespace: string, count: number) {
  const proxy = await CountingProxy.start(serverUrl);
  const kubeconfig = join(scratch, `${spec.name}.kubeconfig`);
  await proxy.writeKubeconfig(env.kubeconfigPath, serverUrl, kubeconfig);
  const [command, args] = spec.command(peers);
  const child = ContenderProcess.start(spec.name, command, args, {
    BENCH_KUBECONFIG: kubeconfig,
    BENCH_NAMESPACE: namespace,
    BENCH_COUNT: String(count),
    BENCH_KIND: podKind ? 'pod' : 'widget',
  });
  const ready = await child.next('ready');
  return { child, proxy, ready };
}

/** sync, then (as selected) watch and read, for one contender at one size. */
async function cacheSession(spec: ContenderSpec, n: number): Promise<void> {
  const key = `${spec.name}@${n}`;
  const { child, proxy, ready: hello } = await startContender(spec, NAMESPACE, n);
  try {
    const ready = child.sample();
    const synced = await child.request('sync', 'synced');
    const afterSync: ProcSample = child.sample();
    if (num(synced, 'objects') !== n) throw new Error(`${key}: synced ${num(synced, 'objects')} objects`);
    const settled = await child.request('gc', 'settled');
    const afterGc = child.sample();
    record(key, {
      syncMs: num(synced, 'syncMs'),
      syncCpuUsPerObject: ((afterSync.cpuMs - ready.cpuMs) * 1000) / n,
      peakRssMB: afterSync.hwmBytes / 1e6,
      rssPerObject: (afterGc.rssBytes - ready.rssBytes) / n,
      heapPerObject:
        settled.retainedBytes !== undefined
          ? num(settled, 'retainedBytes') / n
          : settled.heapBytes !== undefined
            ? (num(settled, 'heapBytes') - num(hello, 'heapBytes')) / n
            : undefined,
      syncConnections: proxy.connections,
      peakOverSteadyRss: (afterSync.hwmBytes - ready.rssBytes) / (afterGc.rssBytes - ready.rssBytes),
      peakOverSteadyHeap:
        synced.peakHeapBytes !== undefined && settled.retainedBytes !== undefined
          ? num(synced, 'peakHeapBytes') / num(settled, 'retainedBytes')
          : undefined,
    });
    if (scenarios.has('watch')) {
      const before = child.sample();
      const connections = proxy.connections;
      await child.request(`burst ${burstSize}`, 'armed');
      round++;
      await inParallel(
        0,
        burstSize,
        (i): Promise<unknown> =>
          podKind
            ? writer.patch(
                Pod,
                `w-${i % n}`,
                { type: 'merge', patch: { metadata: { annotations: { burst: `${runId}-${round}-${i}` } } } },
                { namespace: NAMESPACE },
              )
            : writer.patch(
                Widget,
                `w-${i % n}`,
                { type: 'merge', patch: { spec: { burst: `${runId}-${round}-${i}` } } },
                { namespace: NAMESPACE },
              ),
      );
      const written = performance.timeOrigin + performance.now();
      const burst = await child.next('burst');
      const after = child.sample();
      const events = num(burst, 'events');
      record(key, {
        eventsPerSecond: (events / Math.max(num(burst, 'lastMs') - num(burst, 'firstMs'), 1)) * 1000,
        lagMs: num(burst, 'lastMs') - written,
        watchCpuUsPerEvent: ((after.cpuMs - before.cpuMs) * 1000) / events,
        watchConnections: proxy.connections - connections,
        peakRssAfterWatchMB: after.hwmBytes / 1e6,
      });
    }
    if (scenarios.has('read')) {
      const connections = proxy.connections;
      const reads = await child.request('read', 'read');
      const figures: Record<string, number | undefined> = { readConnections: proxy.connections - connections };
      for (const read of ['get', 'storeGet', 'listNamespace', 'listLabel', 'listIndex']) {
        figures[`${read}P50Us`] = nested(reads, read, 'p50Us');
        figures[`${read}P99Us`] = nested(reads, read, 'p99Us');
        figures[`${read}Items`] = nested(reads, read, 'items');
      }
      record(key, figures);
    }
  } finally {
    await child.exit();
    await proxy.close();
  }
}

/** The floor at one size: a Node process that only fetches and parses. */
async function floorSession(n: number): Promise<void> {
  const spec: ContenderSpec = { name: 'floor', command: node('floor'), reconciles: false };
  const { child, proxy } = await startContender(spec, NAMESPACE, n);
  try {
    const f = await child.request(`floor ${burstSize}`, 'floor');
    const figures: Record<string, number> = {};
    for (const [k, v] of Object.entries(f)) if (typeof v === 'number') figures[k] = v;
    record(`floor@${n}`, figures);
  } finally {
    await child.exit();
    await proxy.close();
  }
}

/** One contender reconciling {@link RECONCILE_OBJECTS} fresh objects at `concurrency`. */
async function reconcileSession(spec: ContenderSpec, concurrency: number, run: number): Promise<void> {
  const namespace = `rc-${spec.name}-${concurrency}-${run}`;
  await seedWidgets(writer, 0, RECONCILE_OBJECTS, namespace);
  const { child, proxy } = await startContender(spec, namespace, RECONCILE_OBJECTS);
  try {
    const before = child.sample();
    const done = await child.request(`reconcile ${concurrency}`, 'reconciled');
    const after = child.sample();
    record(`${spec.name}@reconcile${concurrency}`, {
      ms: num(done, 'ms'),
      perSecond: (RECONCILE_OBJECTS / num(done, 'ms')) * 1000,
      cpuMs: after.cpuMs - before.cpuMs,
      peakRssMB: after.hwmBytes / 1e6,
      connections: proxy.connections,
    });
  } finally {
    await child.exit();
    await proxy.close();
  }
}

let seeded = 0;
let jsonBytes: number | undefined;
/** Writes the samples so far to `--out` (after every session, so a run cut short keeps them). */
async function writeSamples(): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  const machine = machineInfo();
  const data = {
    date: new Date().toISOString(),
    args: argv,
    machine,
    server: env.backend,
    seed: podKind ? seedVia : 'api',
    jsonBytesPerWidget: jsonBytes,
  };
  await writeFile(out, `${JSON.stringify({ ...data, samples: Object.fromEntries(samples) }, null, 2)}\n`);
}
try {
  const cacheScenarios = ['sync', 'watch', 'read', 'floor'].some((s) => scenarios.has(s as Scenario));
  for (const n of cacheScenarios ? sizes : []) {
    if (reuse && seeded === 0) seeded = n;
    log(`seeding ${n - seeded} ${podKind ? 'Pods' : 'Widgets'}`);
    const ms = !podKind
      ? await seedWidgets(writer, seeded, n)
      : etcd
        ? await seedPodsThroughEtcd(writer, etcd, seeded, n)
        : await seedPods(writer, seeded, n);
    log(
      `seeded in ${Math.round(ms)} ms (${Math.round(((n - seeded) / ms) * 1000)}/s${podKind ? ` via ${seedVia}` : ''})`,
    );
    record(`seed@${n}`, { ms, perSecond: ((n - seeded) / ms) * 1000 });
    seeded = n;
    jsonBytes ??= JSON.stringify(await writer.get(podKind ? Pod : Widget, 'w-1', { namespace: NAMESPACE })).length;
    for (let run = 1; run <= runs; run++) {
      if (scenarios.has('floor')) {
        log(`floor at ${n}, run ${run}`);
        await floorSession(n);
      }
      if (!(['sync', 'watch', 'read'] as const).some((s) => scenarios.has(s))) continue;
      for (const spec of contenders) {
        log(`${spec.name} at ${n}, run ${run}`);
        const t = performance.now();
        await cacheSession(spec, n);
        log(`${spec.name} at ${n}, run ${run}: ${Math.round(performance.now() - t)} ms`);
        await writeSamples();
      }
    }
  }
  if (scenarios.has('reconcile')) {
    for (let run = 1; run <= runs; run++) {
      for (const concurrency of CONCURRENCIES) {
        for (const spec of contenders.filter((c) => c.reconciles)) {
          log(`${spec.name} reconcile ×${RECONCILE_OBJECTS} at concurrency ${concurrency}, run ${run}`);
          await reconcileSession(spec, concurrency, run);
        }
      }
    }
  }
} finally {
  writer.close();
  await env.stop();
  await rm(scratch, { recursive: true, force: true });
}

// ---- report
const names = contenders.map((c) => c.name);
const sections: string[] = [];
const ratio = (a: number, b: number) => fmt(a / b, 2);
if (jsonBytes)
  sections.push(
    `One ${podKind ? 'Pod' : 'Widget'} as the server sends it: ${jsonBytes} bytes of JSON (with managedFields).`,
  );
for (const n of sizes) {
  if (!samples.has(`floor@${n}`) && !samples.has(`${names[0]}@${n}`)) continue;
  const f = (metric: string) => med(`floor@${n}`, metric);
  if (samples.has(`floor@${n}`)) {
    sections.push(
      `### Floor at N = ${n.toLocaleString('en-US')} (JSON.parse in Node)\n\n${markdownTable([
        {
          'JSON bytes/object': fmt(f('jsonBytesPerObject')),
          'stripped JSON bytes/object': fmt(f('strippedJsonBytesPerObject')),
          'parse CPU µs/object': fmt(f('parseCpuUsPerObject')),
          'parse MB/s': fmt(f('parseMBps')),
          'heap/object': fmt(f('retainedBytesPerObject')),
          'heap/object, managedFields undefined': fmt(f('retainedStrippedBytesPerObject')),
          'watch events parsed per CPU-s': fmt(f('eventsPerCpuSecond')),
        },
      ])}`,
    );
  }
  if (scenarios.has('sync')) {
    const k = (metric: string) => med(`kubekit@${n}`, metric);
    sections.push(
      `### sync at N = ${n.toLocaleString('en-US')}\n\n${markdownTable(
        names.map((c) => {
          const m = (metric: string) => med(`${c}@${n}`, metric);
          return {
            contender: c,
            'sync s': fmt(m('syncMs') / 1000),
            'CPU µs/object': fmt(m('syncCpuUsPerObject')),
            'peak RSS MB': fmt(m('peakRssMB')),
            'RSS/object B': fmt(m('rssPerObject')),
            'heap/object B': fmt(m('heapPerObject')),
            'peak/steady RSS': fmt(m('peakOverSteadyRss')),
            'peak/steady heap': fmt(m('peakOverSteadyHeap')),
            'TCP conns': fmt(m('syncConnections')),
            'kubekit/x CPU': ratio(k('syncCpuUsPerObject'), m('syncCpuUsPerObject')),
            'kubekit/x RSS/obj': ratio(k('rssPerObject'), m('rssPerObject')),
            'kubekit/x sync s': ratio(k('syncMs'), m('syncMs')),
          };
        }),
      )}\n\nkubekit / floor: CPU per object ${ratio(k('syncCpuUsPerObject'), f('parseCpuUsPerObject'))}, heap per object ${ratio(
        k('heapPerObject'),
        f('retainedStrippedBytesPerObject'),
      )} (vs. the parsed objects with managedFields undefined); heap per object / its JSON size ${ratio(
        k('heapPerObject'),
        f('jsonBytesPerObject'),
      )} (JSON with managedFields), ${ratio(k('heapPerObject'), f('strippedJsonBytesPerObject'))} (without).`,
    );
  }
  if (scenarios.has('watch')) {
    const k = (metric: string) => med(`kubekit@${n}`, metric);
    sections.push(
      `### watch at N = ${n.toLocaleString('en-US')}: ${burstSize.toLocaleString('en-US')} updates\n\n${markdownTable(
        names.map((c) => {
          const m = (metric: string) => med(`${c}@${n}`, metric);
          return {
            contender: c,
            'events/s applied': fmt(m('eventsPerSecond')),
            'lag after last write ms': fmt(m('lagMs')),
            'CPU µs/event': fmt(m('watchCpuUsPerEvent')),
            'events per CPU-s': fmt(1e6 / m('watchCpuUsPerEvent')),
            'TCP conns': fmt(m('watchConnections')),
            'kubekit/x events per CPU-s': ratio(m('watchCpuUsPerEvent'), k('watchCpuUsPerEvent')),
          };
        }),
      )}\n\nkubekit events per CPU-s / JSON.parse events per CPU-s: ${ratio(
        1e6 / k('watchCpuUsPerEvent'),
        f('eventsPerCpuSecond'),
      )}.`,
    );
  }
  if (scenarios.has('read')) {
    sections.push(
      `### read at N = ${n.toLocaleString('en-US')} (µs; p50 / p99)\n\n${markdownTable(
        names.map((c) => {
          const m = (metric: string) => med(`${c}@${n}`, metric);
          const pair = (read: string) => `${fmt(m(`${read}P50Us`))} / ${fmt(m(`${read}P99Us`))}`;
          return {
            contender: c,
            get: pair('get'),
            'store get (sync)': pair('storeGet'),
            [`list namespace (${n})`]: pair('listNamespace'),
            [`list label (${fmt(m('listLabelItems'))})`]: pair('listLabel'),
            [`list index (${fmt(m('listIndexItems'))})`]: pair('listIndex'),
          };
        }),
      )}`,
    );
  }
}
if (scenarios.has('reconcile')) {
  const rows = CONCURRENCIES.flatMap((c) =>
    CONTENDERS.filter((s) => wanted.includes(s.name) && s.reconciles).map((s) => {
      const m = (metric: string) => med(`${s.name}@reconcile${c}`, metric);
      const cr = med(`cr-typed@reconcile${c}`, 'perSecond');
      return {
        contender: s.name,
        concurrency: c,
        's for 1,000': fmt(m('ms') / 1000),
        'reconciles/s': fmt(m('perSecond')),
        'CPU ms': fmt(m('cpuMs')),
        'peak RSS MB': fmt(m('peakRssMB')),
        'TCP conns': fmt(m('connections')),
        'x/controller-runtime': ratio(m('perSecond'), cr),
      };
    }),
  );
  sections.push(
    `### reconcile: ${RECONCILE_OBJECTS.toLocaleString('en-US')} objects, one status write each\n\n${markdownTable(rows)}`,
  );
}
const machine = machineInfo();
console.log(`\n## pnpm bench ${argv.join(' ')}\n\nmedian of ${runs} run(s); machine: ${JSON.stringify(machine)}\n`);
console.log(sections.join('\n\n'));
await mkdir(dirname(out), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      args: argv,
      machine,
      server: env.backend,
      seed: podKind ? seedVia : 'api',
      jsonBytesPerWidget: jsonBytes,
      samples: Object.fromEntries(samples),
    },
    null,
    2,
  )}\n`,
);
console.error(`samples written to ${out}`);
