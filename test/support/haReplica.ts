/**
 * One replica of an operator with leader election and a controller that writes, run as an OS
 * process of its own by test/manager/leaderFencing.integration.test.ts
 * (`node test/support/haReplica.ts '<json>'`). It reads the cluster from $KUBECONFIG and its
 * options from the JSON argument ({@link HaReplicaOptions}).
 *
 * The controller reconciles the ConfigMaps of `namespace` labelled `app=ha`: each reconcile writes
 * the replica's identity into the ConfigMap through `mgr.client` and asks to run again after
 * `requeueMs`, so a leader writes all the time. Every act is printed on stdout as one JSON line
 * `{ ev, identity, wall, mono, ... }` (`wall`: `Date.now()`, comparable across processes on one
 * machine; `mono`: `performance.now()` of this process):
 * - `campaigning`, `leading` (elected), `ready` (`/readyz` port: `port`);
 * - `reconcile` (a reconcile starts, `key`), `write` (a write was sent, with the time it was sent;
 *   printed once it is answered), `written` (it succeeded), `refused` (it failed with `reason`:
 *   `NotLeader` when `mgr.client` did not send it), `aborted` (the reconcile's signal aborted);
 * - `exited` after a graceful shutdown, or `failed` with the error's `reason`.
 * Logs go to stderr. It also shuts down when its stdin closes (the test process went away).
 */
import { builtinKinds } from '@kubekit/client';
import { consoleLogger, type KubeObject } from '@kubekit/core';
import { controllerFor, Manager, Result, signalHandler } from '@kubekit/manager';

/** The JSON argument. */
export interface HaReplicaOptions {
  identity: string;
  namespace: string;
  lease: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Reconcile again after this long. */
  requeueMs: number;
  /** Each reconcile waits this long before it writes. */
  workMs: number;
  /** The wait ignores the reconcile's signal (a reconciler that does not stop when told). @default false */
  ignoreSignal?: boolean;
  warmup?: boolean;
  releaseOnCancel?: boolean;
  gracefulShutdownTimeoutMs?: number;
}

const o = JSON.parse(process.argv[2] ?? '{}') as HaReplicaOptions;

function say(ev: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ ev, identity: o.identity, wall: Date.now(), mono: performance.now(), ...extra })}\n`,
  );
}

const mgr = new Manager({
  leaderElection: {
    name: o.lease,
    namespace: o.namespace,
    identity: o.identity,
    leaseDurationMs: o.leaseDurationMs,
    renewDeadlineMs: o.renewDeadlineMs,
    retryPeriodMs: o.retryPeriodMs,
    ...(o.releaseOnCancel !== undefined && { releaseOnCancel: o.releaseOnCancel }),
  },
  cache: { namespaces: [o.namespace], labelSelector: 'app=ha' },
  healthProbePort: 0,
  logger: consoleLogger({ format: 'json', level: 'warn' }),
  ...(o.gracefulShutdownTimeoutMs !== undefined && { gracefulShutdownTimeoutMs: o.gracefulShutdownTimeoutMs }),
  controller: { warmup: o.warmup ?? false, maxConcurrentReconciles: 4 },
});

controllerFor(mgr, builtinKinds.ConfigMap).complete(async (request, { client, signal }) => {
  const key = `${request.namespace}/${request.name}`;
  say('reconcile', { key });
  signal.addEventListener('abort', () => say('aborted', { key }), { once: true });
  if (o.workMs > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, o.workMs);
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      if (!o.ignoreSignal) signal.addEventListener('abort', stop, { once: true });
    });
  }
  const cm = await client.get(builtinKinds.ConfigMap, request.name, { namespace: request.namespace });
  // `write` is printed with the time the write was sent, unless mgr.client refused to send it
  const sent = { wall: Date.now(), mono: performance.now() };
  try {
    await client.update({ ...cm, data: { ...cm.data, holder: o.identity, at: String(Date.now()) } } as KubeObject);
    say('write', { key, ...sent });
    say('written', { key });
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? String(error);
    if (reason !== 'NotLeader') say('write', { key, ...sent });
    say('refused', { key, reason });
    throw error;
  }
  return Result.requeueAfter(o.requeueMs);
});

const orphaned = new AbortController();
process.stdin.once('end', () => orphaned.abort()).resume();
say('campaigning');
void mgr.healthProbePort?.then((port) => say('ready', { port }));
void mgr.elected().then(() => say('leading'));
try {
  await mgr.start(AbortSignal.any([signalHandler(), orphaned.signal]));
  say('exited');
} catch (error) {
  say('failed', { reason: (error as { reason?: string }).reason ?? String(error) });
  process.exitCode = 1;
} finally {
  process.stdin.destroy();
}
