/**
 * `pnpm bench shard`: what one replica of a sharded controller costs at 1, 2 and 4 replicas, with
 * the API server filtering (`shardSelector`, feature gate `ShardedListAndWatch` on) and with the
 * replicas filtering on the client (`sharding.serverSide: false`).
 *
 * A private kube-apiserver with the gate on holds `KUBEKIT_BENCH_SHARD_OBJECTS` ConfigMaps
 * (default 50,000). For each mode and replica count, that many replica processes
 * (test/support/shardReplica.ts, reconciles that do not write) each connect through a counting
 * proxy. Once the ring is stable (every replica sees all members and their shares add up to the
 * whole), every ConfigMap is changed once; the table gives, per replica (median), the objects its
 * sharded informer received (list items and watch events, before client-side filtering), the bytes
 * the server sent it, its CPU time and resident memory, from start to the end of that change.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinKinds, Client } from '@kubekit/client';
import { TestEnvironment } from '@kubekit/testing';
import { JsonLinesProcess } from '../test/support/jsonLinesProcess.ts';
import type { ReplicaOptions } from '../test/support/shardReplica.ts';
import { CountingProxy } from './support/countingProxy.ts';
import { fmt, machineInfo, markdownTable, median } from './support/report.ts';

const OBJECTS = Number(process.env.KUBEKIT_BENCH_SHARD_OBJECTS ?? 50_000);
const REPLICAS = [1, 2, 4];
const NAMESPACE = 'shard-bench';
const REPLICA = fileURLToPath(new URL('../test/support/shardReplica.ts', import.meta.url));

interface Stats {
  type: string;
  received?: number;
  outside?: number;
  owned?: number;
  share?: number;
  members?: number;
  cpuMs?: number;
  rssBytes?: number;
}

class Replica extends JsonLinesProcess<Stats> {
  constructor(
    kubeconfig: string,
    options: ReplicaOptions,
    readonly proxy: CountingProxy,
  ) {
    super(REPLICA, options, { KUBECONFIG: kubeconfig });
  }

  /** The last stats line it printed. */
  get last(): Stats | undefined {
    return this.lines.findLast((l) => l.type === 'stats');
  }
}

async function until(what: string, check: () => boolean, deadlineMs = 600_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const env = await TestEnvironment.start({ serverArgs: ['--feature-gates=ShardedListAndWatch=true'] });
const client = new Client({ kubeConfig: env.kubeConfig, qps: 2000, burst: 4000 });
const dir = await mkdtemp(join(tmpdir(), 'kubekit-shard-bench-'));
const rows: Record<string, string | number>[] = [];
try {
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const started = Date.now();
  for (let i = 0; i < OBJECTS; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, OBJECTS - i) }, (_, j) =>
        client.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${i + j}`, namespace: NAMESPACE },
          data: { v: '0' },
        }),
      ),
    );
  }
  process.stderr.write(`seeded ${OBJECTS} ConfigMaps in ${Date.now() - started} ms\n`);
  let round = 0;
  for (const serverSide of [true, false]) {
    for (const n of REPLICAS) {
      round++;
      const ring = `bench-${randomBytes(3).toString('hex')}`;
      const replicas: Replica[] = [];
      for (let i = 0; i < n; i++) {
        const proxy = await CountingProxy.start(env.url);
        const kubeconfig = join(dir, `${ring}-${i}.yaml`);
        await proxy.writeKubeconfig(env.kubeconfigPath, env.url, kubeconfig);
        replicas.push(
          new Replica(
            kubeconfig,
            {
              sharding: {
                name: ring,
                identity: `${ring}-${i}`,
                namespace: NAMESPACE,
                serverSide,
                renewPeriodMs: 1000,
                renewDeadlineMs: 5000,
                leaseDurationMs: 10_000,
              },
              namespace: NAMESPACE,
              workMs: 0,
              write: false,
            },
            proxy,
          ),
        );
      }
      const stable = () =>
        replicas.every((r) => r.last?.members === n) &&
        Math.abs(replicas.reduce((s, r) => s + (r.last?.share ?? 0), 0) - 1) < 1e-3 &&
        replicas.reduce((s, r) => s + (r.last?.owned ?? 0), 0) === OBJECTS;
      await until(`${n} replicas stable`, stable);
      const before = replicas.map((r) => r.last?.received ?? 0);
      // one change of every object
      for (let i = 0; i < OBJECTS; i += 200) {
        await Promise.all(
          Array.from({ length: Math.min(200, OBJECTS - i) }, (_, j) =>
            client.patch(
              builtinKinds.ConfigMap,
              `cm-${i + j}`,
              { type: 'merge', patch: { data: { v: String(round) } } },
              { namespace: NAMESPACE },
            ),
          ),
        );
      }
      const delta = () => replicas.map((r, i) => (r.last?.received ?? 0) - (before[i] as number));
      await until('the change reached every replica', () =>
        serverSide ? delta().reduce((a, b) => a + b, 0) >= OBJECTS : delta().every((d) => d >= OBJECTS),
      );
      await new Promise((r) => setTimeout(r, 1200)); // a last stats line after the change
      rows.push({
        filtering: serverSide ? 'server (shardSelector)' : 'client',
        replicas: n,
        'objects owned': fmt(median(replicas.map((r) => r.last?.owned ?? Number.NaN))),
        'objects received': fmt(median(replicas.map((r) => r.last?.received ?? Number.NaN))),
        'events of the change': fmt(median(delta())),
        'outside its slice': fmt(median(replicas.map((r) => r.last?.outside ?? Number.NaN))),
        'MB received': fmt(median(replicas.map((r) => r.proxy.bytesIn / 1e6))),
        'CPU s': fmt(median(replicas.map((r) => (r.last?.cpuMs ?? Number.NaN) / 1000))),
        'RSS MB': fmt(median(replicas.map((r) => (r.last?.rssBytes ?? Number.NaN) / 1e6))),
      });
      process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
      for (const r of replicas) r.kill('SIGTERM');
      await Promise.all(replicas.map((r) => r.exited));
      await Promise.all(replicas.map((r) => r.proxy.close()));
    }
  }
  console.log(`\n${OBJECTS} ConfigMaps; per replica, median of the replicas\n`);
  console.log(markdownTable(rows));
  console.log(`\n${JSON.stringify(machineInfo())}`);
} finally {
  client.close();
  await env.stop();
}
