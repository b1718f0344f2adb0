/**
 * An operator meant to run as several replicas (a Deployment with `replicas: 3`, a readiness probe
 * on `/readyz` and a rolling update with `maxUnavailable: 0`): one replica leads and reconciles,
 * the others stand by, Ready, with their caches warm, to take over at once. It stamps every
 * ConfigMap labelled `stamp=true` with the identity of the replica that reconciled it.
 *
 * Run two of them side by side to watch a failover: `node dist/replicatedOperator.js` twice, then
 * stop the leader with Ctrl-C (the other takes over at its next retry: the Lease is released once
 * the last reconcile ended) or with `kill -STOP` (the other takes over once the Lease expired; the
 * stopped one, resumed with `kill -CONT`, finds its term over, starts nothing and exits with
 * `LeaderElectionLostError`). See docs/manager.md, "Running many replicas".
 */
import { builtinKinds } from '@kubekit/client';
import { controllerFor, isLeaderElectionLost, isNotLeader, Manager, Result } from '@kubekit/manager';

const mgr = new Manager({
  leaderElection: {
    name: 'configmap-stamper',
    // client-go's defaults, spelled out: a term lasts 10 s from the last renewal sent; another
    // replica takes over 15 s after the last renewal it saw
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    releaseOnCancel: true,
  },
  // standbys watch and cache ConfigMaps too, so a new leader reconciles without listing first
  controller: { warmup: true },
  cache: { labelSelector: 'stamp=true' },
  healthProbePort: 8081,
  gracefulShutdownTimeoutMs: 30_000,
});

controllerFor(mgr, builtinKinds.ConfigMap).complete(async (request, { client, signal, log }) => {
  const cm = await client.get(builtinKinds.ConfigMap, request.name, { namespace: request.namespace });
  if (cm.data?.stampedBy === mgr.identity) return Result.done();
  try {
    // mgr.client refuses writes once this replica's term has ended, and `signal` aborts then
    await client.update({ ...cm, data: { ...cm.data, stampedBy: mgr.identity ?? '' } }, { signal });
  } catch (error) {
    if (isNotLeader(error)) log.info('no longer the leader: the new one will stamp it');
    throw error;
  }
  return Result.done();
});

try {
  await mgr.start(); // until SIGTERM or SIGINT
} catch (error) {
  // a lost term: exit, and let the Deployment restart the process to campaign again
  if (isLeaderElectionLost(error)) process.exitCode = 1;
  else throw error;
}
