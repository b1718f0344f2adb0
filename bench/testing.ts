/**
 * Benchmarks of @kubekit/testing's in-memory API server: start time, loading 10k objects from
 * manifests, and listing and watching them. Run with `pnpm bench testing`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApiServer } from '@kubekit/testing';
import { CoreV1Api } from '@kubernetes/client-node';

interface Row {
  what: string;
  runs: number;
  median: number;
  max: number;
}
const rows: Row[] = [];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
async function measure(what: string, runs: number, fn: () => Promise<number>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  rows.push({ what, runs, median: median(times), max: Math.max(...times) });
}
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

await measure('FakeApiServer.start() (empty)', 20, async () => {
  const t = performance.now();
  const s = await FakeApiServer.start();
  const ms = performance.now() - t;
  await s.stop();
  return ms;
});

const dir = await mkdtemp(join(tmpdir(), 'kubekit-bench-'));
try {
  const docs: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    docs.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ns-${i % 10}\n  labels: {app: bench, shard: "${i % 10}"}\ndata:\n  key: value-${i}\n`,
    );
  }
  await writeFile(join(dir, 'configmaps.yaml'), docs.join('---\n'));
  let server: FakeApiServer | undefined;
  await measure('start with 10k ConfigMaps from manifests', 3, async () => {
    await server?.stop();
    const t = performance.now();
    server = await FakeApiServer.start({ manifests: [dir] });
    return performance.now() - t;
  });
  if (!server) throw new Error('the server did not start');
  const started = server;
  const kc = started.kubeConfig;
  const core = kc.makeApiClient(CoreV1Api);
  await measure('list 10k ConfigMaps over HTTPS (client-node)', 5, () =>
    time(() => core.listConfigMapForAllNamespaces()),
  );
  await measure('list 1k by label selector', 5, () =>
    time(() => core.listConfigMapForAllNamespaces({ labelSelector: 'shard=3' })),
  );
  await measure('1000 creates in process (storage.create)', 3, async () => {
    const gvr = { group: '', version: 'v1', resource: 'configmaps' };
    const base = Math.random().toString(36).slice(2, 7);
    return time(async () => {
      for (let i = 0; i < 1000; i++) started.storage.create(gvr, 'default', { metadata: { name: `x-${base}-${i}` } });
    });
  });
  await started.stop();
} finally {
  await rm(dir, { recursive: true, force: true });
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);
console.log(`\n${pad('benchmark', 48)}${pad('runs', 6)}${pad('median ms', 12)}max ms`);
for (const r of rows)
  console.log(`${pad(r.what, 48)}${pad(r.runs, 6)}${pad(r.median.toFixed(1), 12)}${r.max.toFixed(1)}`);
