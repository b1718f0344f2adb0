/**
 * An informer through what a real cluster throws at it, on a private API server without watch
 * cache (so a watch from a compacted resourceVersion is answered 410 by etcd): a 410 with deletes
 * during the gap, and a server restart under a running informer.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { clientListerWatcher, type InformerEvent, type ListerWatcher, SharedInformer } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import { TestEnvironment } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal } from '../support/realServer.js';
import { Widget } from '../support/widgets.js';

const NS = 'resilience';
const widget = (name: string, replicas = 1): Widget => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name },
  spec: { replicas },
});

/** A ListerWatcher whose current watch the test can cut, holding the next one until `open()`. */
function gated(inner: ListerWatcher) {
  let gate: Promise<void> | undefined;
  let openGate = () => {};
  let current: AbortController | undefined;
  const calls = { lists: 0, streams: 0 };
  const lw: ListerWatcher = {
    listPages: (o) => {
      calls.lists++;
      return inner.listPages(o);
    },
    watch: (o) =>
      (async function* () {
        if (gate) await gate;
        if (o.sendInitialEvents) calls.streams++;
        const attempt = new AbortController();
        const stop = () => attempt.abort();
        o.signal.addEventListener('abort', stop, { once: true });
        current = attempt;
        try {
          yield* inner.watch({ ...o, signal: attempt.signal });
        } finally {
          o.signal.removeEventListener('abort', stop);
        }
      })(),
  };
  return {
    lw,
    calls,
    cut() {
      gate = new Promise((r) => {
        openGate = r;
      });
      current?.abort();
    },
    open() {
      gate = undefined;
      openGate();
    },
  };
}

/** Records an informer's events; `until` resolves once a condition holds. */
function recorder(informer: SharedInformer) {
  const events: InformerEvent[] = [];
  const waiters = new Set<() => void>();
  informer.subscribe((e) => {
    events.push(e);
    for (const w of waiters) w();
  });
  return {
    events,
    until(done: () => boolean): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (!done()) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
const has = (events: InformerEvent[], type: string, name: string, pred: (o: KubeObject) => boolean = () => true) =>
  events.some((e) => e.type === type && e.object.metadata?.name === name && pred(e.object));

describeReal('informer resilience on a private API server', () => {
  let env: TestEnvironment;
  let client: Client;
  beforeAll(async () => {
    env = await TestEnvironment.start({ crds: [FIXTURE_CRDS], serverArgs: ['--watch-cache=false'] });
    client = new Client({ kubeConfig: env.kubeConfig, qps: 1000, burst: 1000 });
    for (const name of [NS, `${NS}-stream`, `${NS}-list`]) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  });
  afterAll(async () => {
    client?.close();
    await env?.stop();
  });

  it.each([
    ['list+watch', false],
    ['a streaming list', true],
  ])(
    'relists with %s after 410 and delivers the deletes and updates that happened in the gap',
    async (_, streamingList) => {
      const c = client.inNamespace(`${NS}-${streamingList ? 'stream' : 'list'}`);
      for (const name of ['keep', 'change', 'vanish']) await c.create(widget(name));
      const { lw, cut, open, calls } = gated(clientListerWatcher(client, Widget, { namespace: c.namespace }));
      const informer = new SharedInformer(lw, {
        name: 'widgets',
        streamingList,
        backoff: { initialMs: 20, maxMs: 200 },
      });
      const rec = recorder(informer);
      const stop = new AbortController();
      const running = informer.start(stop.signal);
      try {
        await informer.waitForSync();
        cut(); // the informer is now disconnected: what follows happens in the gap
        await c.delete(Widget, 'vanish');
        const changed = await c.get(Widget, 'change');
        await c.update({ ...changed, spec: { replicas: 5 } });
        await c.create(widget('newcomer'));
        await env.compact(); // the informer's resourceVersion is now too old
        open();
        await rec.until(() => has(rec.events, 'delete', 'vanish'));
        await rec.until(() => has(rec.events, 'add', 'newcomer'));
        expect(has(rec.events, 'update', 'change', (o) => (o as Widget).spec?.replicas === 5)).toBe(true);
        const names = informer.store.list().map((o) => o.metadata?.name);
        expect(names.sort()).toEqual(['change', 'keep', 'newcomer']);
        // the gap was bridged by a relist after 410, not by the watch
        if (streamingList) expect([calls.lists, calls.streams]).toEqual([0, 2]);
        else expect(calls.lists).toBe(2);
      } finally {
        stop.abort();
        await running;
      }
    },
  );

  it('recovers by itself from an API server restart under a running informer', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const c = client.inNamespace(NS);
    const informer = new SharedInformer(clientListerWatcher(client, Widget, { namespace: NS }), {
      name: 'widgets',
      backoff: { initialMs: 50, maxMs: 500 },
    });
    const rec = recorder(informer);
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    try {
      await informer.waitForSync();
      await env.restart();
      await c.create(widget('after-restart'));
      await rec.until(() => has(rec.events, 'add', 'after-restart'));
      await c.delete(Widget, 'after-restart');
      await rec.until(() => has(rec.events, 'delete', 'after-restart'));
      expect(informer.status.phase).toBe('synced');
    } finally {
      stop.abort();
      await running;
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
