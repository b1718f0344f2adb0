/**
 * One replica of a sharded operator, run as an OS process of its own by
 * test/manager/sharding.integration.test.ts and bench/shard.ts (`node test/support/shardReplica.ts '<json>'`).
 * It reads the cluster from $KUBECONFIG and its options from the JSON argument (see
 * {@link ReplicaOptions}). Its controller reconciles the ConfigMaps of `namespace`: it waits
 * `workMs`, then marks the ConfigMap with the annotation `shard-test/reconciled` (a no-op patch
 * once marked, so it converges). It prints JSON lines on stdout:
 * - `{ type: 'begin', id, key, start }` when a reconcile starts, and
 *   `{ type: 'reconcile', id, key, start, end, outcome }` when it ends (wall-clock ms);
 * - `{ type: 'handover', id, change, share, ms, at }` for every handover of its member;
 * - `{ type: 'stats', id, received, outside, owned, share, members, cpuMs, rssBytes, at }` every 500 ms.
 * Logs go to stderr. It shuts down on SIGTERM or when its stdin closes.
 */

import { builtinKinds } from '@kubekit/client';
import { shardRangesFraction, silentLogger } from '@kubekit/core';
import {
  controllerFor,
  isShardRevoked,
  Manager,
  type ShardingOptions,
  shardMemberFor,
  signalHandler,
} from '@kubekit/manager';

/** The JSON argument. */
export interface ReplicaOptions {
  sharding: ShardingOptions;
  /** Namespace of the ConfigMaps. */
  namespace: string;
  /** Time each reconcile takes before its write. */
  workMs: number;
  /** Whether reconciles write (the benchmark measures watching only). @default true */
  write?: boolean;
}

const o = JSON.parse(process.argv[2] ?? '{}') as ReplicaOptions;
const id = o.sharding.identity as string;
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...line, id })}\n`);

const mgr = new Manager({
  logger: silentLogger,
  client: { qps: 500, burst: 1000 },
  cache: { namespaces: [o.namespace] },
});
const member = shardMemberFor(mgr, o.sharding);
controllerFor(mgr, builtinKinds.ConfigMap)
  .withOptions({ sharding: o.sharding, maxConcurrentReconciles: 8 })
  .complete(async (request, { signal }) => {
    if (request.namespace !== o.namespace) return;
    const key = `${request.namespace}/${request.name}`;
    const start = Date.now();
    say({ type: 'begin', key, start });
    let outcome = 'success';
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, o.workMs);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(signal.reason);
        });
      });
      if (o.write !== false) {
        await mgr.apiClient.patch(
          builtinKinds.ConfigMap,
          request.name,
          { type: 'merge', patch: { metadata: { annotations: { 'shard-test/reconciled': 'yes' } } } },
          { namespace: request.namespace, signal },
        );
      }
    } catch (error) {
      outcome = isShardRevoked(error) ? 'revoked' : 'error';
      throw error;
    } finally {
      say({ type: 'reconcile', key, start, end: Date.now(), outcome });
    }
  });
member.onChange((c) =>
  say({ type: 'handover', change: c.type, share: shardRangesFraction(c.ranges), ms: c.ms, at: Date.now() }),
);

const stats = async () => {
  const metric = (name: string) =>
    mgr.metrics.registry
      .getSingleMetric(name)
      ?.get()
      .then((m) => m.values.reduce((n, v) => n + v.value, 0));
  const cpu = process.cpuUsage();
  say({
    type: 'stats',
    received: await metric('kubekit_shard_received_objects'),
    outside: await metric('kubekit_shard_received_outside_objects'),
    owned: await metric('kubekit_shard_objects'),
    share: shardRangesFraction(member.active),
    members: member.members.length,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBytes: process.memoryUsage().rss,
    at: Date.now(),
  });
};
const timer = setInterval(() => void stats(), 500);
const orphaned = new AbortController();
process.stdin.once('end', () => orphaned.abort()).resume();
try {
  await mgr.start(AbortSignal.any([signalHandler(), orphaned.signal]));
  await stats();
  say({ type: 'exited' });
} catch (error) {
  say({ type: 'failed', error: String(error) });
  process.exitCode = 1;
} finally {
  clearInterval(timer);
  process.stdin.destroy();
}
