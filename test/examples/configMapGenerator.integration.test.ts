/**
 * The example operator end to end on the real API server: a Manager runs the ConfigMapGenerator
 * controller, which generates ConfigMaps and records Events. It converges from create, update, out-of-band edits and deletion of the owned
 * object, and deletion of the generator (finalizer); `requeueAfter` and per-item backoff run on
 * the manager's injected clock. `test/examples/operator.test.ts` runs the same controller in the
 * in-memory server.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { isNotFound, silentLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import {
  type ConfigMap,
  ConfigMapGenerator,
  configMapGeneratorController,
  FINALIZER,
  isConverged,
} from '../../packages/examples/src/configMapGenerator.js';
import { ManualClock } from '../support/manualClock.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the ConfigMapGenerator operator on the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let mgr: Manager;
  let clock: ManualClock;
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [ConfigMapGenerator.crd]);
    ns = await realServer().namespace('cmgen');
    client = new Client({ kubeConfig: realServer().kubeConfig() });
    clock = new ManualClock();
    mgr = new Manager({
      kubeConfig: realServer().kubeConfig(),
      logger: silentLogger,
      clock,
      cache: { namespaces: [ns.name] },
    });
    configMapGeneratorController(mgr);
    running = mgr.start(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    client?.close();
    await ns?.cleanup();
  });

  /** Polls until `check` holds; fake time moves 10 ms per poll so backoff retries go on. */
  async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
    for (let i = 0; i < 1000; i++) {
      const v = await read();
      if (check(v)) return v;
      await clock.advance(10);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('did not converge');
  }

  const generator = (name: string) => client.get(ConfigMapGenerator, name, { namespace: ns.name });
  const generated = (name: string) =>
    client
      .get(builtinKinds.ConfigMap, name, { namespace: ns.name })
      .then((c): ConfigMap | undefined => c)
      .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const both = async (name: string) => {
    const g = await generator(name);
    return { g, out: await generated(`${name}-generated`) };
  };
  const converged = ({ g, out }: Awaited<ReturnType<typeof both>>) => isConverged(g, out);

  async function reconcileCount(result: string): Promise<number> {
    const m = await mgr.metrics.registry.getSingleMetric('controller_runtime_reconcile_total')?.get();
    return m?.values.find((v) => v.labels.result === result)?.value ?? 0;
  }

  it('converges from create, spec update, out-of-band edits and deletion of the owned object', async () => {
    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: { name: 'app', namespace: ns.name },
      spec: { data: { color: 'blue' } },
    });
    const first = await eventually(() => both('app'), converged);
    expect(first.g.metadata.finalizers).toEqual([FINALIZER]);
    expect(first.out?.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'ConfigMapGenerator',
      name: 'app',
      controller: true,
    });
    expect(first.g.status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Generated' });

    // spec update
    await client.patch(
      ConfigMapGenerator,
      'app',
      { type: 'merge', patch: { spec: { data: { color: 'green', size: 'L' } } } },
      { namespace: ns.name },
    );
    const second = await eventually(() => both('app'), converged);
    expect(second.out?.data).toEqual({ color: 'green', size: 'L' });
    expect(second.g.status?.observedGeneration).toBe(second.g.metadata.generation);

    // someone edits the generated object by hand: reverted
    await client.patch(
      builtinKinds.ConfigMap,
      'app-generated',
      { type: 'merge', patch: { data: { color: 'red' } } },
      { namespace: ns.name },
    );
    const third = await eventually(() => both('app'), converged);
    expect(third.out?.data).toEqual({ color: 'green', size: 'L' });

    // someone deletes it: recreated
    const uid = third.out?.metadata?.uid;
    await client.delete(builtinKinds.ConfigMap, 'app-generated', { namespace: ns.name });
    const fourth = await eventually(
      () => both('app'),
      (v) => converged(v) && v.out?.metadata?.uid !== uid,
    );
    expect(fourth.out?.data).toEqual({ color: 'green', size: 'L' });
  });

  it('deleting the generator runs the finalizer: the generated object goes, then the generator', async () => {
    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: { name: 'doomed', namespace: ns.name },
      spec: { data: { a: '1' } },
    });
    await eventually(() => both('doomed'), converged);
    await client.delete(ConfigMapGenerator, 'doomed', { namespace: ns.name });
    await eventually(
      () =>
        generator('doomed').then(
          () => true,
          (e: unknown) => !isNotFound(e),
        ),
      (exists) => !exists,
    );
    expect(await generated('doomed-generated')).toBeUndefined();
  });

  it('honours requeueAfter (spec.refreshSeconds) on the manager clock', async () => {
    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: { name: 'refreshed', namespace: ns.name },
      spec: { data: { a: '1' }, refreshSeconds: 3600 },
    });
    await eventually(() => both('refreshed'), converged);
    let before = await eventually(
      () => reconcileCount('requeue_after'),
      (n) => n > 0,
    );
    // The watch events of the controller's own writes may reconcile it again (each one requeues
    // after an hour from then): wait until the count holds still for half a second of real time.
    for (let still = 0; still < 5; ) {
      await new Promise((r) => setTimeout(r, 100));
      const n = await reconcileCount('requeue_after');
      still = n === before ? still + 1 : 0;
      before = n;
    }
    await clock.advance(3_599_000);
    expect(await reconcileCount('requeue_after')).toBe(before);
    await clock.advance(1000);
    await eventually(
      () => reconcileCount('requeue_after'),
      (n) => n > before,
    );
  });

  it('backs off per item while reconciles fail, and converges once the cause is gone', async () => {
    // the generated object exists already, controlled by someone else: setControllerReference refuses
    await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'taken-generated',
        namespace: ns.name,
        ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Other', name: 'x', uid: 'u-1', controller: true }],
      },
      data: {},
    });
    const sleepsBefore = clock.sleeps.length;
    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: { name: 'taken', namespace: ns.name },
      spec: { data: { a: '1' } },
    });
    await eventually(
      async () => clock.sleeps.slice(sleepsBefore),
      (s) => s.length >= 5,
    );
    // the retries of this item waited 5 ms, then ever longer doublings (fake time); a delay that
    // comes due later than one already waiting is folded into it, so a step may be missing here
    const waits = clock.sleeps.slice(sleepsBefore);
    expect(waits[0]).toBe(5);
    for (const [i, w] of waits.entries()) {
      expect(Number.isInteger(Math.log2(w / 5))).toBe(true);
      if (i > 0) expect(w).toBeGreaterThan(waits[i - 1] as number);
    }
    expect(await reconcileCount('error')).toBeGreaterThanOrEqual(5);
    // free the object: the next retry converges
    await client.patch(
      builtinKinds.ConfigMap,
      'taken-generated',
      { type: 'merge', patch: { metadata: { ownerReferences: null } } },
      { namespace: ns.name },
    );
    await clock.advance(1000);
    await eventually(() => both('taken'), converged);
  });
});
