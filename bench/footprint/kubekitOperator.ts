/**
 * kubekit's contender of `pnpm bench footprint` (bench/footprint.ts): a Manager with one controller
 * on ConfigMaps in BENCH_NAMESPACE, as a small operator starts. It prints `ready` (with the time its
 * imports took) when the manager starts, `reconciled` at the first reconcile, then idles; `gc`
 * answers with the heap after a collection, `exit` stops it. Imports are dynamic so their time is
 * measured apart from Node's own start.
 */
import { createInterface } from 'node:readline';

const emit = (phase: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ phase, ...fields })}\n`);

const t = performance.now();
const [{ builtinKinds, readKubeConfig }, { silentLogger }, { controllerFor, Manager }] = await Promise.all([
  import('@kubekit/client'),
  import('@kubekit/core'),
  import('@kubekit/manager'),
]);
const importMs = performance.now() - t;
const kubeConfig = readKubeConfig({ path: process.env.BENCH_KUBECONFIG });
const kubeConfigMs = performance.now() - t - importMs;
const mgr = new Manager({
  kubeConfig,
  cache: { namespaces: [process.env.BENCH_NAMESPACE ?? 'default'] },
  healthProbePort: false,
  metricsPort: false,
  logger: silentLogger,
});
let reconciled = false;
controllerFor(mgr, builtinKinds.ConfigMap).complete(() => {
  if (!reconciled) emit('reconciled', { sinceStartMs: performance.now() });
  reconciled = true;
});
const stop = new AbortController();
const running = mgr.start(stop.signal);
emit('ready', { importMs, kubeConfigMs, sinceStartMs: performance.now() });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'gc') {
    globalThis.gc?.();
    globalThis.gc?.();
    emit('settled', { heapBytes: process.memoryUsage().heapUsed });
  } else if (line === 'exit') break;
}
stop.abort();
await running;
process.exit(0);
