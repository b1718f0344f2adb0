/**
 * The manager on the in-memory API server: run order, controllers through the builder, probes,
 * metrics, shutdown. Events run on the in-memory server and on the run's real kube-apiserver
 * (`describe.each(servers)`); leader election between two managers on fake time runs in memory (on
 * kube-apiserver it is tested on real time in leaderElection.integration.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { type KubeObject, setControllerReference, silentLogger } from '@kubekit/core';
import {
  controllerFor,
  isLeaderElectionLost,
  isNotLeader,
  isShutdownTimeout,
  Manager,
  type ManagerOptions,
  type Request,
  type Runnable,
  ShutdownTimeoutError,
} from '@kubekit/manager';
import { FakeApiServer, sharedTestServer } from '@kubekit/testing';
import type { KubeConfig } from '@kubernetes/client-node';
import { ManualClock } from '../support/manualClock.js';

let server: FakeApiServer;
beforeAll(async () => {
  server = await FakeApiServer.start();
});
afterAll(() => server?.stop());

function manager(options: ManagerOptions = {}): Manager {
  return new Manager({ kubeConfig: server.kubeConfig, logger: silentLogger, ...options });
}

/**
 * Polls `check` between I/O turns, for up to `timeoutMs` of real time: the managers run on a fake
 * clock, but their requests to a real API server take real time, longer on a loaded machine.
 */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; Date.now() < deadline; round++) {
    if (await check()) return;
    // the first turns back to back (in-memory answers come within a few), then at a gentler pace
    await new Promise<void>((r) => (round < 1000 ? setImmediate(r) : setTimeout(r, 2)));
  }
  throw new Error('condition not reached');
}

function recorder(order: string[], name: string, extra: Partial<Runnable> = {}): Runnable {
  return {
    ...extra,
    async start(signal) {
      order.push(`start ${name}`);
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      order.push(`stop ${name}`);
    },
  };
}

const cm = (name: string, namespace: string, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

describe('Manager', () => {
  it('starts servers, then caches, then runnables; stops them in reverse order', async () => {
    const order: string[] = [];
    const mgr = manager();
    mgr.add(recorder(order, 'controller', { needLeaderElection: true }));
    mgr.add(recorder(order, 'server', { group: 'server' }));
    mgr.add(recorder(order, 'other'));
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    await eventually(() => order.length === 3);
    expect(order[0]).toBe('start server');
    expect(order.slice(1).sort()).toEqual(['start controller', 'start other']);
    stop.abort();
    await running;
    expect(order.slice(3, 5).sort()).toEqual(['stop controller', 'stop other']);
    expect(order[5]).toBe('stop server');
  });

  it('runs a controller built with controllerFor: reconciles the for kind and the owner of owned objects', async () => {
    const mgr = manager();
    const seen: Request[] = [];
    controllerFor(mgr, builtinKinds.Secret)
      .owns(builtinKinds.ConfigMap)
      .named('secrets')
      .complete(async (req) => {
        seen.push(req);
      });
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    const secret = await mgr.client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's1', namespace: 'default' },
    });
    await eventually(() => seen.length >= 1);
    expect(seen[0]).toEqual({ namespace: 'default', name: 's1' });
    const owned: KubeObject = cm('owned-by-s1', 'default');
    setControllerReference(secret, owned);
    await mgr.client.create(owned);
    await eventually(() => seen.length >= 2);
    expect(seen[1]).toEqual({ namespace: 'default', name: 's1' });
    // reads through the manager's client come from the cache
    await eventually(
      async () => (await mgr.client.list(builtinKinds.ConfigMap, { namespace: 'default' })).items.length > 0,
    );
    stop.abort();
    await running;
  });

  it('metadata-only watches hand predicates and handlers metadata only', async () => {
    const mgr = manager();
    const seen: KubeObject[] = [];
    controllerFor(mgr, builtinKinds.Secret)
      .owns(builtinKinds.ConfigMap, {
        metadataOnly: true,
        predicates: [
          (e) => {
            seen.push(e.object);
            return true;
          },
        ],
      })
      .named('metadata-only')
      .complete(() => undefined);
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    await mgr.apiClient.create(cm('with-data', 'kube-public', { big: 'x'.repeat(1000) }));
    await eventually(() => seen.some((o) => o.metadata?.name === 'with-data'));
    const event = seen.find((o) => o.metadata?.name === 'with-data') as KubeObject & { data?: unknown };
    expect(event.kind).toBe('ConfigMap');
    expect(event.data).toBeUndefined();
    // the watch runs on mgr.cache's metadata-only informer of the kind, not on a cache of its own
    const lease = await mgr.cache.getInformer(builtinKinds.ConfigMap, { metadataOnly: true });
    expect(lease.stores.get('')?.get('with-data', 'kube-public')).toBe(event);
    await lease.release();
    stop.abort();
    await running;
  });

  it('serves /healthz, /readyz (with cache sync) and /metrics with controller-runtime names', async () => {
    const mgr = manager({ healthProbePort: 0, metricsPort: 0, bindAddress: '127.0.0.1' });
    let reconciles = 0;
    controllerFor(mgr, builtinKinds.ServiceAccount).complete(() => {
      reconciles++;
    });
    mgr.addReadyCheck('custom', () => undefined);
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    const probe = await mgr.healthProbePort;
    const metrics = await mgr.metricsPort;
    expect((await fetch(`http://127.0.0.1:${probe}/healthz`)).status).toBe(200);
    await eventually(async () => (await fetch(`http://127.0.0.1:${probe}/readyz`)).status === 200);
    expect(await (await fetch(`http://127.0.0.1:${probe}/readyz?verbose`)).text()).toContain('[+]cache-sync ok');
    await mgr.client.create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa', namespace: 'default' },
    });
    await eventually(() => reconciles > 0);
    const text = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
    for (const name of [
      'controller_runtime_reconcile_total{controller="serviceaccount",result="success"}',
      'controller_runtime_reconcile_time_seconds_bucket',
      'workqueue_depth{name="serviceaccount",controller="serviceaccount",priority=""}',
      'workqueue_adds_total',
      'workqueue_retries_total',
      'workqueue_queue_duration_seconds_bucket',
      'workqueue_work_duration_seconds_bucket',
      'kubekit_cache_objects{kind=',
    ]) {
      expect(text).toContain(name);
    }
    stop.abort();
    await running;
  });

  it('readiness fails until caches sync', async () => {
    const mgr = manager({ healthProbePort: 0, bindAddress: '127.0.0.1' });
    server.faults.pause(); // the controller's list waits
    controllerFor(mgr, builtinKinds.Service).complete(() => undefined);
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    const port = await mgr.healthProbePort;
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('[-]cache-sync failed');
    server.faults.resume();
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
    stop.abort();
    await running;
  });

  it('stops and rejects when a runnable fails', async () => {
    const mgr = manager();
    const order: string[] = [];
    mgr.add(recorder(order, 'ok'));
    mgr.add({ start: async () => Promise.reject(new Error('boom')) });
    await expect(mgr.start(new AbortController().signal)).rejects.toThrow('boom');
    expect(order).toEqual(['start ok', 'stop ok']);
  });

  it('gives up waiting for runnables after the graceful shutdown timeout', async () => {
    const clock = new ManualClock();
    const mgr = manager({ clock, gracefulShutdownTimeoutMs: 30_000 });
    let release = () => {};
    mgr.add({ start: () => new Promise<void>((r) => (release = r)) }); // ignores its signal
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    running.catch(() => undefined);
    await eventually(() => clock.pending === 0);
    stop.abort();
    await eventually(() => clock.pending === 1);
    await clock.advance(30_000);
    const error = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShutdownTimeoutError);
    expect(isShutdownTimeout(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'ShutdownTimeout', retryable: false, timeoutMs: 30_000 });
    release();
  });
});

/** Core kinds (Leases, Events) on the in-memory server and on the run's real kube-apiserver. */
const shared = sharedTestServer();
interface ServerCase {
  name: string;
  kubeConfig: () => KubeConfig;
  /** A namespace that exists on that server (the real server refuses objects in missing ones). */
  namespace: (prefix: string) => Promise<string>;
}
/** A new Namespace on the in-memory server (it refuses built-ins in missing namespaces, as kube-apiserver does). */
async function fakeNamespace(prefix: string): Promise<string> {
  const client = new Client({ kubeConfig: server.kubeConfig });
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  client.close();
  return name;
}
const servers: ServerCase[] = [
  { name: 'the in-memory server', kubeConfig: () => server.kubeConfig, namespace: fakeNamespace },
  ...(shared.available
    ? [
        {
          name: 'kube-apiserver',
          kubeConfig: () => shared.kubeConfig(),
          namespace: async (prefix: string) => (await shared.namespace(prefix)).name,
        },
      ]
    : []),
];

describe.each(servers)('events on $name', ({ kubeConfig, namespace }) => {
  const microTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

  it('records events.k8s.io/v1 Events and folds repeats into a series', async () => {
    const ns = await namespace('events');
    const mgr = manager({ kubeConfig: kubeConfig() });
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    const regarding = await mgr.apiClient.create(cm('evented', ns));
    const events = mgr.eventRecorder('example.dev/test-controller');
    events.event(regarding, { type: 'Normal', reason: 'Synced', action: 'Reconcile', note: 'all good' });
    events.event(regarding, { type: 'Warning', reason: 'Failed', action: 'Reconcile', note: 'oops' });
    await events.flush();
    const first = (await mgr.apiClient.list(builtinKinds.EventsV1Event, { namespace: ns })).items;
    expect(first).toHaveLength(2);
    const synced = first.find((e) => e.reason === 'Synced');
    expect(synced).toMatchObject({
      type: 'Normal',
      action: 'Reconcile',
      note: 'all good',
      reportingController: 'example.dev/test-controller',
      reportingInstance: hostname(),
      regarding: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: ns,
        name: 'evented',
        uid: regarding.metadata?.uid,
      },
    });
    expect(String(synced?.eventTime)).toMatch(microTime);
    expect(synced?.series).toBeUndefined();
    expect(first.find((e) => e.reason === 'Failed')).toMatchObject({ type: 'Warning', note: 'oops' });

    // repeats update the first Event's series instead of making new Events
    events.event(regarding, { type: 'Normal', reason: 'Synced', action: 'Reconcile', note: 'all good' });
    events.event(regarding, { type: 'Normal', reason: 'Synced', action: 'Reconcile', note: 'all good' });
    await events.flush();
    const again = (await mgr.apiClient.list(builtinKinds.EventsV1Event, { namespace: ns })).items;
    expect(again).toHaveLength(2);
    const repeated = again.find((e) => e.reason === 'Synced');
    expect(repeated?.metadata?.name).toBe(synced?.metadata?.name);
    expect(repeated?.series?.count).toBe(3);
    const lastObserved = String(repeated?.series?.lastObservedTime);
    expect(lastObserved).toMatch(microTime);
    expect(lastObserved >= String(synced?.eventTime)).toBe(true);
    expect(repeated?.eventTime).toEqual(synced?.eventTime);
    stop.abort();
    await running;
  });

  it("cuts a long note to the server's limit of 1024 bytes of UTF-8, at a character boundary", async () => {
    const ns = await namespace('event-notes');
    const mgr = manager({ kubeConfig: kubeConfig() });
    const regarding = await mgr.apiClient.create(cm('noted', ns));
    const events = mgr.eventRecorder('test-controller');
    events.event(regarding, { type: 'Normal', reason: 'Accents', action: 'Reconcile', note: 'é'.repeat(600) }); // 2 bytes each
    // 4 bytes, 2 UTF-16 units each
    events.event(regarding, { type: 'Normal', reason: 'Emoji', action: 'Reconcile', note: `a${'😀'.repeat(300)}` });
    await events.flush();
    const notes = Object.fromEntries(
      (await mgr.apiClient.list(builtinKinds.EventsV1Event, { namespace: ns })).items.map((e) => [e.reason, e.note]),
    );
    expect(notes).toEqual({ Accents: 'é'.repeat(512), Emoji: `a${'😀'.repeat(255)}` });
    mgr.apiClient.close();
  });
});

/*
 * Two managers in one process on fake time: the test advances the clock only once both electors
 * sleep, which paces in-memory answers exactly. On a real API server, answers take real time that
 * fake time cannot pace (in CI the loop below timed out waiting for both to sleep), so leader
 * election on kube-apiserver is tested on real time, across two OS processes, in
 * leaderElection.integration.test.ts.
 */
describe.each(servers.slice(0, 1))('leader election between two managers on $name', ({ kubeConfig }) => {
  it('one leader runs the controllers; when it stops, the other takes over within the lease duration', async () => {
    const clock = new ManualClock();
    const runs: Record<string, string[]> = { a: [], b: [] };
    const mk = (id: string) => {
      const mgr = manager({
        kubeConfig: kubeConfig(),
        clock,
        leaderElection: { name: 'two-managers', namespace: 'default', identity: id },
      });
      mgr.add(recorder(runs[id] as string[], 'controller', { needLeaderElection: true }));
      mgr.add(recorder(runs[id] as string[], 'everywhere'));
      return mgr;
    };
    const a = mk('a');
    const b = mk('b');
    const stopA = new AbortController();
    const stopB = new AbortController();
    const runningA = a.start(stopA.signal);
    await a.elected();
    const runningB = b.start(stopB.signal);
    await eventually(() => clock.pending === 3); // both wait for their next attempt, a also on its renew deadline
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    expect(runs.a).toEqual(expect.arrayContaining(['start controller', 'start everywhere']));
    expect(runs.b).toEqual(['start everywhere']);
    for (let i = 0; i < 10; i++) {
      await clock.advance(2000);
      await eventually(() => clock.pending === 3);
      expect(a.isLeader && b.isLeader).toBe(false);
    }
    expect(b.isLeader).toBe(false);
    const lease = await a.apiClient.get(builtinKinds.Lease, 'two-managers', { namespace: 'default' });
    expect(lease.spec?.holderIdentity).toBe('a');

    stopA.abort();
    await runningA;
    const from = clock.now();
    while (!b.isLeader) {
      await clock.advance(500);
      await eventually(() => clock.pending >= 1);
    }
    expect(clock.now() - from).toBeLessThanOrEqual(15_000);
    expect(runs.b).toContain('start controller');
    stopB.abort();
    await runningB;
    const released = await b.apiClient.get(builtinKinds.Lease, 'two-managers', { namespace: 'default' });
    expect(released.spec?.holderIdentity).toBeFalsy();
    b.apiClient.close();
  });

  it('reports a lost lease: leader-only runnables stop and start() rejects with LeaderElectionLostError', async () => {
    const clock = new ManualClock();
    const order: string[] = [];
    const mgr = manager({
      kubeConfig: kubeConfig(),
      clock,
      leaderElection: { name: 'lost', namespace: 'default', identity: 'x' },
    });
    mgr.add(recorder(order, 'controller', { needLeaderElection: true }));
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    running.catch(() => undefined);
    await mgr.elected();
    await eventually(() => clock.pending === 2); // the next renewal and the renew deadline
    // someone else takes the lease (e.g. an operator with the same lease name elsewhere)
    const lease = await mgr.apiClient.get(builtinKinds.Lease, 'lost', { namespace: 'default' });
    await mgr.apiClient.update({ ...lease, spec: { ...lease.spec, holderIdentity: 'intruder' } });
    for (let i = 0; i < 12 && order.length < 2; i++) {
      await clock.advance(2000);
      await eventually(() => clock.pending >= 1 || order.length === 2);
    }
    let error: unknown;
    await running.catch((e: unknown) => {
      error = e;
    });
    expect(isLeaderElectionLost(error)).toBe(true);
    expect(order).toEqual(['start controller', 'stop controller']);
  });

  it('a paused API server: the term ends at the renew deadline, reconciles are aborted, writes refused', async () => {
    const paused = await FakeApiServer.start();
    try {
      const mgr = new Manager({
        kubeConfig: paused.kubeConfig,
        logger: silentLogger,
        leaderElection: {
          name: 'paused',
          namespace: 'default',
          identity: 'p',
          leaseDurationMs: 1000,
          renewDeadlineMs: 600,
          retryPeriodMs: 100,
        },
      });
      const aborted: unknown[] = [];
      let inFlight = 0;
      controllerFor(mgr, builtinKinds.ConfigMap).complete(async (_request, { signal }) => {
        inFlight++;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted.push(signal.reason);
      });
      await mgr.apiClient.create(cm('in-flight', 'default'));
      const running = mgr.start(new AbortController().signal);
      running.catch(() => undefined);
      await mgr.elected();
      await eventually(() => inFlight === 1);
      paused.faults.pause(); // renewals hang from now on
      await eventually(() => aborted.length === 1, 10_000);
      expect(isNotLeader(aborted[0])).toBe(true);
      expect(mgr.isLeader).toBe(false);
      // refused before it is sent: a sent write would hang on the paused server
      const write = await mgr.client.create(cm('after-the-term', 'default')).catch((e: unknown) => e);
      expect(isNotLeader(write)).toBe(true);
      // every road to a write is fenced: namespaced views, the status and other subresources
      const refused = await Promise.all([
        mgr.client
          .inNamespace('default')
          .delete(builtinKinds.ConfigMap, 'in-flight')
          .catch((e: unknown) => e),
        mgr.client
          .status()
          .update(cm('in-flight', 'default'))
          .catch((e: unknown) => e),
        mgr.client
          .subResource('scale')
          .patch(builtinKinds.ConfigMap, 'in-flight', { type: 'merge', patch: {} }, { namespace: 'default' })
          .catch((e: unknown) => e),
      ]);
      expect(refused.map(isNotLeader)).toEqual([true, true, true]);
      let error: unknown;
      await running.catch((e: unknown) => {
        error = e;
      });
      expect(isLeaderElectionLost(error)).toBe(true);
    } finally {
      paused.faults.resume();
      await paused.stop();
    }
  });
});
