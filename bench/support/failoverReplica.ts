/**
 * One replica of `pnpm bench failover` (bench/failover.ts), an OS process of its own: a manager
 * with leader election and a no-op controller over the ConfigMaps of one namespace, cold or warm
 * (`controller.warmup`). Options come as JSON in argv[2]; it prints JSON lines `{ ev, wall }`:
 * `ready` (its `/readyz` port), `leading` (elected), `first` (its first reconcile started).
 */
import { builtinKinds } from '@kubekit/client';
import { silentLogger } from '@kubekit/core';
import { controllerFor, Manager } from '@kubekit/manager';

const o = JSON.parse(process.argv[2] ?? '{}') as {
  identity: string;
  namespace: string;
  lease: string;
  warmup: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
};
const say = (ev: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ ev, wall: Date.now(), ...extra })}\n`);

const mgr = new Manager({
  leaderElection: {
    name: o.lease,
    namespace: o.namespace,
    identity: o.identity,
    leaseDurationMs: o.leaseDurationMs,
    renewDeadlineMs: o.renewDeadlineMs,
    retryPeriodMs: o.retryPeriodMs,
  },
  cache: { namespaces: [o.namespace] },
  client: { qps: 0 },
  controller: { warmup: o.warmup, maxConcurrentReconciles: 4 },
  healthProbePort: 0,
  logger: silentLogger,
});
let first = true;
controllerFor(mgr, builtinKinds.ConfigMap).complete(async () => {
  if (first) say('first');
  first = false;
});
void mgr.healthProbePort?.then((port) => say('ready', { port }));
void mgr.elected().then(() => say('leading'));
process.stdin.once('end', () => process.exit(0)).resume();
await mgr.start();
