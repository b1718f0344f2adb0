/** The controller on fake time and a scripted informer: requests, results, errors, concurrency, shutdown. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { consoleLogger, silentLogger } from '@kubekit/core';
import {
  Controller,
  type ControllerOptions,
  enqueueRequestForObject,
  generationChanged,
  isManagerStarted,
  ManagerMetrics,
  ManagerStartedError,
  type ReconcileContext,
  type Request,
  Result,
  TerminalError,
} from '@kubekit/manager';
import { FakeClient } from '@kubekit/testing';
import { ManualClock } from '../support/manualClock.js';
import { deferred, FakeLease, obj, until } from './fakeLease.js';

const stops: AbortController[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s.abort();
});
/** The client every reconcile gets as `context.client`. */
let client: FakeClient;
beforeAll(async () => {
  client = await FakeClient.create();
});
afterAll(() => client.close());

function setup(
  reconcile: (r: Request, c: ReconcileContext) => unknown,
  options: Partial<ControllerOptions> = {},
  objects = [obj('a')],
) {
  const clock = new ManualClock();
  const lease = new FakeLease(objects);
  const metrics = new ManagerMetrics();
  const controller = new Controller({
    name: 'test',
    reconciler: reconcile as ControllerOptions['reconciler'],
    informers: async () => lease,
    client,
    clock,
    logger: silentLogger,
    metrics,
    ...options,
  });
  controller.watch({ apiVersion: 'v1', kind: 'ConfigMap' }, enqueueRequestForObject());
  const stop = new AbortController();
  stops.push(stop);
  const running = controller.start(stop.signal);
  return { clock, lease, controller, stop, running, metrics };
}

async function count(metrics: ManagerMetrics, result: string): Promise<number> {
  const m = await metrics.registry.getSingleMetric('controller_runtime_reconcile_total')?.get();
  return m?.values.find((v) => v.labels.result === result)?.value ?? 0;
}

describe('Controller', () => {
  it('refuses a second start and a watch after start with ManagerStartedError', async () => {
    const { controller, stop } = setup(() => undefined);
    const second = await controller.start(stop.signal).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(ManagerStartedError);
    expect(isManagerStarted(second)).toBe(true);
    expect(second).toMatchObject({ reason: 'ManagerStarted', retryable: false });
    expect((second as Error).message).toContain('controller test was started already');
    let late: unknown;
    try {
      controller.watch({ apiVersion: 'v1', kind: 'Secret' }, enqueueRequestForObject());
    } catch (e) {
      late = e;
    }
    expect(isManagerStarted(late)).toBe(true);
    expect((late as Error).message).toContain('watch() after start()');
  });

  it('reconciles every object of the initial list, then each change', async () => {
    const seen: string[] = [];
    const { lease } = setup(
      (r) => {
        seen.push(`${r.namespace}/${r.name}`);
      },
      {},
      [obj('a'), obj('b')],
    );
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual(['demo/a', 'demo/b']);
    await lease.emit({ type: 'update', oldObject: obj('a'), object: obj('a', { resourceVersion: '2' }) });
    await until(() => seen.length === 3);
    expect(seen[2]).toBe('demo/a');
  });

  it('requeues a thrown error with per-item backoff, and not a TerminalError', async () => {
    const calls: Record<string, number> = { a: 0, t: 0 };
    const { clock, metrics } = setup(
      (r) => {
        calls[r.name] = (calls[r.name] ?? 0) + 1;
        if (r.name === 't') throw new TerminalError('invalid spec');
        if ((calls.a ?? 0) <= 3) throw new Error('flaky');
      },
      {},
      [obj('a'), obj('t')],
    );
    await until(() => calls.a === 1 && calls.t === 1);
    await clock.advance(4);
    expect(calls.a).toBe(1);
    await clock.advance(1); // 5 ms
    expect(calls.a).toBe(2);
    await clock.advance(10);
    expect(calls.a).toBe(3);
    await clock.advance(19);
    expect(calls.a).toBe(3);
    await clock.advance(1); // 20 ms
    expect(calls.a).toBe(4); // succeeds now
    await clock.advance(100_000);
    expect(calls.a).toBe(4);
    expect(calls.t).toBe(1); // terminal: never retried
    expect(await count(metrics, 'error')).toBe(4);
    expect(await count(metrics, 'success')).toBe(1);
  });

  it('honours Result.requeueAfter', async () => {
    let calls = 0;
    const { clock, metrics } = setup(() => {
      calls++;
      return Result.requeueAfter(30_000);
    });
    await until(() => calls === 1);
    await clock.advance(29_999);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    await clock.advance(30_000);
    expect(calls).toBe(3);
    expect(await count(metrics, 'requeue_after')).toBe(3);
  });

  it('Result.requeue retries with backoff without counting an error', async () => {
    let calls = 0;
    const { clock, metrics } = setup(() => (++calls < 3 ? Result.requeue() : Result.done()));
    await until(() => calls === 1);
    await clock.advance(5);
    await clock.advance(10);
    expect(calls).toBe(3);
    expect(await count(metrics, 'requeue')).toBe(2);
    expect(await count(metrics, 'error')).toBe(0);
  });

  it('never reconciles one request twice at once, even with many workers; events meanwhile give one more reconcile', async () => {
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    const seen: string[] = [];
    const { lease } = setup(
      async (r) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        seen.push(r.name);
        if (seen.length === 1) await gate.promise;
        running--;
      },
      { maxConcurrentReconciles: 4 },
    );
    await until(() => seen.length === 1);
    for (let i = 2; i < 6; i++) {
      await lease.emit({ type: 'update', oldObject: obj('a'), object: obj('a', { resourceVersion: String(i) }) });
    }
    await lease.emit({ type: 'add', object: obj('b') });
    await until(() => seen.length === 2);
    expect(seen).toEqual(['a', 'b']); // b runs in parallel; a waits
    gate.resolve();
    await until(() => seen.length === 3);
    expect(seen[2]).toBe('a');
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    expect(seen.length).toBe(3); // four events folded into one reconcile
    expect(maxRunning).toBe(2);
  });

  it('catches rejected promises and synchronous throws alike', async () => {
    const { metrics, clock } = setup(
      (r) => {
        if (r.name === 'sync') throw new Error('sync');
        return Promise.reject(new Error('async'));
      },
      {},
      [obj('sync'), obj('async')],
    );
    await until(() => clock.pending >= 2);
    expect(await count(metrics, 'error')).toBe(2);
  });

  it('aborts the signal of a reconcile that runs past reconcileTimeoutMs and counts it as an error', async () => {
    let aborted: unknown;
    let calls = 0;
    const { clock, metrics } = setup(
      (_r, { signal }) => {
        calls++;
        if (calls > 1) return;
        return new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            resolve();
          }),
        );
      },
      { reconcileTimeoutMs: 1000 },
    );
    await until(() => calls === 1);
    await clock.advance(1000);
    expect((aborted as { reason?: string }).reason).toBe('ReconcileTimeout');
    expect(await count(metrics, 'error')).toBe(1);
    await clock.advance(5);
    expect(calls).toBe(2); // retried with backoff
  });

  it('logs a failed reconcile with its stack and cause chain', async () => {
    const lines: string[] = [];
    const logger = consoleLogger({ write: (l) => lines.push(l) });
    setup(
      () => {
        throw new Error('reconcile a', { cause: new Error('the API server said no') });
      },
      { logger },
    );
    await until(() => lines.some((l) => l.startsWith('ERROR reconcile failed')));
    const line = lines.find((l) => l.startsWith('ERROR reconcile failed')) as string;
    expect(line).toContain('controller=test');
    expect(line).toContain('\n    Error: reconcile a\n    at ');
    expect(line).toContain('\n    caused by: Error: the API server said no\n');
  });

  it('logs a throwing predicate or handler through its logger and drops the event', async () => {
    const lines: string[] = [];
    const seen: string[] = [];
    const lease = new FakeLease([]);
    const controller = new Controller({
      name: 'p',
      reconciler: (r) => {
        seen.push(r.name);
      },
      informers: async () => lease,
      client,
      clock: new ManualClock(),
      logger: consoleLogger({ write: (l) => lines.push(l) }),
    });
    const throwing = (e: { object: { metadata?: { name?: string } } }) => {
      if (e.object.metadata?.name === 'bad') throw new TypeError('predicate bug');
      return true;
    };
    controller.watch({ apiVersion: 'v1', kind: 'ConfigMap' }, enqueueRequestForObject(), { predicates: [throwing] });
    controller.watch({ apiVersion: 'v1', kind: 'Secret' }, () => {
      throw new Error('handler bug');
    });
    const stop = new AbortController();
    stops.push(stop);
    void controller.start(stop.signal);
    await until(() => lease.handlers.size === 2);
    await lease.emit({ type: 'add', object: obj('bad') });
    await lease.emit({ type: 'add', object: obj('good') });
    await until(() => seen.includes('good'));
    expect(lines.filter((l) => l.startsWith('ERROR predicate failed; event dropped'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('ERROR event handler failed'))).toHaveLength(2);
    expect(lines.join('\n')).toContain('TypeError: predicate bug');
    expect(seen).toEqual(['good']);
  });

  it('counts terminal errors and unexpected throws (panics) as controller-runtime does', async () => {
    const { metrics } = setup(
      (r) => {
        if (r.name === 'a') throw new TerminalError('no');
        (undefined as unknown as { f: () => void }).f();
      },
      {},
      [obj('a'), obj('b')],
    );
    const value = async (name: string) =>
      (await metrics.registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels.controller === 'test')
        ?.value ?? 0;
    for (let i = 0; (await value('controller_runtime_reconcile_panics_total')) < 1; i++) {
      if (i > 200) throw new Error('no panic counted');
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(await value('controller_runtime_terminal_reconcile_errors_total')).toBe(1);
    expect(await value('controller_runtime_reconcile_panics_total')).toBe(1);
    expect(await value('controller_runtime_reconcile_errors_total')).toBe(2);
  });

  it('applies predicates: generationChanged drops status-only updates', async () => {
    const seen: string[] = [];
    const clock = new ManualClock();
    const lease = new FakeLease([]);
    const controller = new Controller({
      name: 'p',
      reconciler: (r) => {
        seen.push(r.name);
      },
      informers: async () => lease,
      client,
      clock,
      logger: silentLogger,
    });
    controller.watch({ apiVersion: 'v1', kind: 'ConfigMap' }, enqueueRequestForObject(), {
      predicates: [generationChanged()],
    });
    const stop = new AbortController();
    stops.push(stop);
    void controller.start(stop.signal);
    await until(() => lease.handlers.size === 1);
    await lease.emit({ type: 'update', oldObject: obj('a'), object: obj('a', { resourceVersion: '2' }) });
    await lease.emit({ type: 'update', oldObject: obj('b'), object: obj('b', { generation: 2 }) });
    await until(() => seen.length === 1);
    for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
    expect(seen).toEqual(['b']);
  });

  it('hands the reconciler the controller client as context.client', async () => {
    using other = await FakeClient.create();
    let ctx: ReconcileContext | undefined;
    setup(
      (_r, c) => {
        ctx = c;
      },
      { client: other },
    );
    await until(() => ctx !== undefined);
    expect(ctx?.client).toBe(other);
  });

  it('gives the reconciler a logger carrying controller, namespace, name and reconcile id', async () => {
    const bindings: Record<string, unknown>[] = [];
    const logger = {
      ...silentLogger,
      child(b: Record<string, unknown>) {
        bindings.push(b);
        return logger;
      },
    };
    let ctx: ReconcileContext | undefined;
    setup(
      (_r, c) => {
        ctx = c;
      },
      { logger, kind: 'ConfigMap' },
    );
    await until(() => ctx !== undefined);
    expect(bindings).toContainEqual({ controller: 'test', controllerKind: 'ConfigMap' });
    expect(bindings).toContainEqual({ namespace: 'demo', name: 'a', reconcileID: ctx?.reconcileId });
  });

  it('on shutdown takes no new work, lets the reconcile in progress finish, then releases its informers', async () => {
    const gate = deferred();
    const seen: string[] = [];
    const { lease, stop, running } = setup(async (r) => {
      seen.push(r.name);
      if (r.name === 'a') await gate.promise;
    });
    await until(() => seen.length === 1);
    await lease.emit({ type: 'add', object: obj('b') });
    stop.abort();
    let stopped = false;
    void running.then(() => {
      stopped = true;
    });
    for (let i = 0; i < 10; i++) await new Promise<void>((r) => setImmediate(r));
    expect(stopped).toBe(false); // 'a' is still in progress
    gate.resolve();
    await running;
    expect(seen).toEqual(['a']); // 'b' was queued but not started
    expect(lease.released).toBe(true);
  });
});

describe('Controller priorities', () => {
  it('reconciles a real change ahead of the initial list still queued', async () => {
    const gate = deferred();
    const seen: string[] = [];
    const { lease } = setup(
      async (r) => {
        seen.push(r.name);
        if (seen.length === 1) await gate.promise;
      },
      {},
      [obj('i1'), obj('i2'), obj('i3'), obj('i4')],
    );
    await until(() => seen.length === 1);
    await lease.emit({ type: 'add', object: obj('user-edit') });
    gate.resolve();
    await until(() => seen.length === 5);
    expect(seen[1]).toBe('user-edit');
  });
});
