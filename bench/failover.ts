/**
 * `pnpm bench failover`: how long a standby takes to reconcile after the leader dies, cold vs warm
 * (`controller: { warmup: true }`), with 10,000 ConfigMaps in the watched namespace.
 *
 * Two replicas (bench/support/failoverReplica.ts, OS processes) campaign for one Lease on a private
 * real API server (TestEnvironment). Once the leader reconciles and the standby is Ready (a warm
 * standby: its cache has synced), the leader gets SIGKILL; measured on the wall clock (one
 * machine): death -> the standby acquires the Lease (the lease duration, 4 s here, and up to one
 * retry period) -> its first reconcile. Cold, the new leader first lists and syncs 10,000 objects;
 * warm, it only starts its workers.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@kubekit/client';
import { TestEnvironment } from '@kubekit/testing';
import { JsonLinesProcess } from '../test/support/jsonLinesProcess.ts';
import { fmt, markdownTable, median } from './support/report.ts';
import { ensureNamespace, inParallel } from './support/widgets.ts';

const OBJECTS = Number(process.env.FAILOVER_OBJECTS ?? 10_000);
const RUNS = Number(process.env.FAILOVER_RUNS ?? 3);
const NAMESPACE = 'failover';
const TIMING = { leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 500 };
const REPLICA = new URL('./support/failoverReplica.ts', import.meta.url).pathname;

interface Line {
  ev: string;
  wall: number;
  port?: number;
}

class Replica extends JsonLinesProcess<Line> {
  constructor(kubeconfig: string, options: object) {
    super(REPLICA, options, { KUBECONFIG: kubeconfig });
  }
  has(ev: string): boolean {
    return this.lines.some((l) => l.ev === ev);
  }
  async wait(ev: string): Promise<Line> {
    for (;;) {
      const line = this.lines.find((l) => l.ev === ev);
      if (line) return line;
      if (!this.running) throw new Error(`replica exited before ${ev}:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async stop(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
  }
}

async function readyz(port: number): Promise<void> {
  while ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status !== 200) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function failover(kubeconfig: string, warmup: boolean, run: number) {
  const lease = `failover-${warmup ? 'warm' : 'cold'}-${run}`;
  const options = (identity: string) => ({ identity, namespace: NAMESPACE, lease, warmup, ...TIMING });
  const one = new Replica(kubeconfig, options('a'));
  const two = new Replica(kubeconfig, options('b'));
  try {
    while (!one.has('first') && !two.has('first')) await new Promise((r) => setTimeout(r, 10));
    const [a, b] = one.has('first') ? [one, two] : [two, one];
    await readyz((await b.wait('ready')).port ?? 0);
    await new Promise((r) => setTimeout(r, 1000)); // b has seen a renew
    const death = Date.now();
    await a.stop();
    const leading = await b.wait('leading');
    const first = await b.wait('first');
    return { acquired: leading.wall - death, first: first.wall - death, afterAcquired: first.wall - leading.wall };
  } finally {
    await Promise.all([one.stop(), two.stop()]);
  }
}

const env = await TestEnvironment.start();
try {
  const kubeconfig = join(tmpdir(), `kubekit-failover-${process.pid}.yaml`);
  writeFileSync(kubeconfig, env.kubeConfig.exportConfig());
  const client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
  await ensureNamespace(client, NAMESPACE);
  await inParallel(0, OBJECTS, (i) =>
    client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: NAMESPACE },
      data: { index: String(i) },
    }),
  );
  client.close();
  const rows: Record<string, string>[] = [];
  for (const warmup of [false, true]) {
    const runs: { acquired: number; first: number; afterAcquired: number }[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await failover(kubeconfig, warmup, i));
    const m = (k: 'acquired' | 'first' | 'afterAcquired') => `${fmt(median(runs.map((r) => r[k])))} ms`;
    rows.push({
      standby: warmup ? 'warm (`warmup: true`)' : 'cold',
      'death → Lease acquired': m('acquired'),
      'acquired → first reconcile': m('afterAcquired'),
      'death → first reconcile': m('first'),
    });
  }
  console.log(`\nfailover with ${OBJECTS} ConfigMaps, lease ${TIMING.leaseDurationMs} ms (median of ${RUNS}):\n`);
  console.log(markdownTable(rows));
} finally {
  await env.stop();
}
