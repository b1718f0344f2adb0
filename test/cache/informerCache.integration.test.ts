/**
 * The informer cache against the real API server, on the fixture Widget (namespaced) and Gadget
 * (cluster-scoped) kinds: lazy informers, reads from the store, watch continuity, RBAC failures.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  clientListerWatcher,
  InformerCache,
  type InformerEvent,
  type InformerLease,
  isCacheSyncError,
  isMissingInformer,
  type ListerWatcher,
  SharedInformer,
} from '@kubekit/cache';
import { Client, isNoKindMatch } from '@kubekit/client';
import { isForbidden, isNotFound, type KubeObject } from '@kubekit/core';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer, serverStreamsLists } from '../support/realServer.js';
import { Widget } from '../support/widgets.js';

const widget = (name: string, labels: Record<string, string> = {}, spec: Widget['spec'] = {}): Widget => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name, labels },
  spec,
});

/** Resolves once `done()` holds, checked now and after each event the lease delivers. */
function until(lease: InformerLease<KubeObject>, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = lease.subscribe(() => {
      if (done()) {
        off();
        resolve();
      }
    });
    if (done()) {
      off();
      resolve();
    }
  });
}

describeReal('InformerCache against the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let cache: InformerCache;
  const controller = new AbortController();
  let running: Promise<void>;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('cache');
    client = new Client({ kubeConfig: realServer().kubeConfig() });
    cache = new InformerCache({ client });
    running = cache.start(controller.signal);
  });
  afterAll(async () => {
    controller.abort();
    await running;
    client?.close();
    await ns?.cleanup();
  });

  it('starts an informer on the first read and serves get and list from its store', async () => {
    const c = client.inNamespace(ns.name);
    await c.create(widget('read-a', { app: 'read', tier: 'front' }, { color: 'red' }));
    await c.create(widget('read-b', { app: 'read', tier: 'back' }));
    const got = await cache.get(Widget, 'read-a', { namespace: ns.name });
    expect(got.spec?.color).toBe('red');
    expect(Object.isFrozen(got)).toBe(true);
    expect(got.metadata).not.toHaveProperty('managedFields');
    const names = async (o: Parameters<InformerCache['list']>[1]) =>
      (await cache.list(Widget, { namespace: ns.name, ...o })).items.map((w) => w.metadata?.name).sort();
    expect(await names({ labelSelector: { app: 'read' } })).toEqual(['read-a', 'read-b']);
    expect(await names({ labelSelector: 'app=read,tier in (back)' })).toEqual(['read-b']);
    expect(await names({ fieldSelector: 'metadata.name=read-a' })).toEqual(['read-a']);
    expect(await names({ fieldSelector: { 'spec.color': 'red' } })).toEqual(['read-a']);
    const missing = await cache.get(Widget, 'none', { namespace: ns.name }).catch((e: unknown) => e);
    expect(isNotFound(missing)).toBe(true);
  });

  it('answers field selectors from a named index', async () => {
    cache.indexField(Widget, 'spec.color', (w) => [String((w as Widget).spec?.color ?? '')]);
    const c = client.inNamespace(ns.name);
    await c.create(widget('idx-green', { app: 'idx' }, { color: 'green' }));
    const lease = await cache.getInformer(Widget);
    await until(lease, () => findIn(lease, 'idx-green'));
    const found = await cache.list(Widget, { namespace: ns.name, fieldSelector: { 'spec.color': 'green' } });
    expect(found.items.map((w) => w.metadata?.name)).toEqual(['idx-green']);
    await lease.release();
  });

  it('keeps the store equal to the server through creates, updates and deletes during a watch', async () => {
    const writer = new Client({ kubeConfig: realServer().kubeConfig(), qps: 1000, burst: 1000 });
    const c = writer.inNamespace(ns.name);
    const lease = await cache.getInformer(Widget);
    await lease.waitForSync();
    const N = 1000;
    for (let i = 0; i < N; i++) await c.create(widget(`cont-${i}`, { app: 'cont' }, { replicas: i }));
    for (let i = 0; i < N; i += 2) {
      const w = await c.get(Widget, `cont-${i}`);
      await c.update({ ...w, spec: { ...w.spec, replicas: i + 1000 } });
    }
    for (let i = 0; i < N; i += 3) await c.delete(Widget, `cont-${i}`);
    // events arrive in order: once the marker is seen, every earlier change is in the store
    await c.create(widget('cont-marker', { app: 'cont' }));
    await until(lease, () => findIn(lease, 'cont-marker'));
    const server = await c.list(Widget, { labelSelector: { app: 'cont' } });
    const cached = await cache.list(Widget, { namespace: ns.name, labelSelector: { app: 'cont' } });
    const view = (items: Widget[]) =>
      items.map((w) => `${w.metadata?.name}@${w.metadata?.resourceVersion}:${w.spec?.replicas}`).sort();
    expect(view(cached.items)).toEqual(view(server.items));
    expect(cached.items).toHaveLength(N - Math.ceil(N / 3) + 1);
    await lease.release();
    writer.close();
  });

  it('serves cluster-scoped kinds', async () => {
    const gadget = { apiVersion: 'test.kubekit.dev/v1', kind: 'Gadget' } as const;
    const name = `${ns.name}-gadget`;
    await client.create({ ...gadget, metadata: { name } });
    try {
      const lease = await cache.getInformer(gadget);
      await until(lease, () => findIn(lease, name));
      expect((await cache.get(gadget, name)).metadata?.name).toBe(name);
      await lease.release();
    } finally {
      await client.delete(gadget, name);
    }
  });

  it('fails reads at once with a typed error when RBAC refuses the list, and for unknown kinds', async () => {
    const restricted = new Client({ kubeConfig: realServer().kubeConfig('restricted') });
    const denied = new InformerCache({ client: restricted });
    const stop = new AbortController();
    const run = denied.start(stop.signal);
    try {
      const err = await denied.list(Widget, { namespace: ns.name }).catch((e: unknown) => e);
      expect(isCacheSyncError(err)).toBe(true);
      expect(isForbidden((err as Error).cause)).toBe(true);
      const lease = await denied.getInformer(Widget);
      expect(lease.status.get('')?.phase).toBe('backingOff');
      await lease.release();
      const unknown = await cache
        .list({ apiVersion: 'test.kubekit.dev/v1', kind: 'Nonexistent' })
        .catch((e: unknown) => e);
      expect(isNoKindMatch(unknown)).toBe(true);
    } finally {
      stop.abort();
      await run;
      restricted.close();
    }
  });

  it('stops an informer when its last lease is released, and starts a fresh one on next use', async () => {
    const gadget = { apiVersion: 'test.kubekit.dev/v1', kind: 'Gadget' } as const;
    const own = new InformerCache({ client });
    const stop = new AbortController();
    const run = own.start(stop.signal);
    try {
      const first = await own.getInformer(gadget);
      const second = await own.getInformer(gadget);
      await first.waitForSync();
      await first.release();
      await first.release(); // a second release of the same lease does nothing
      expect(second.status.get('')?.phase).toBe('synced');
      await second.release();
      expect(second.status.get('')?.phase).toBe('stopped');
      const again = await own.getInformer(gadget);
      await again.waitForSync();
      expect(again.status.get('')?.phase).toBe('synced');
      await again.release();
    } finally {
      stop.abort();
      await run;
    }
  });

  it('hands out changeable copies with cloneOnRead', async () => {
    const copying = new InformerCache({ client, cloneOnRead: true });
    const stop = new AbortController();
    const run = copying.start(stop.signal);
    try {
      const [first] = (await copying.list(Widget, { namespace: ns.name, labelSelector: { app: 'read' } })).items;
      expect(Object.isFrozen(first)).toBe(false);
      (first as Widget).spec = { color: 'changed' };
      const again = await copying.get(Widget, first?.metadata?.name ?? '', { namespace: ns.name });
      expect(again.spec?.color).not.toBe('changed');
    } finally {
      stop.abort();
      await run;
    }
  });

  it('fills informers with a streaming list when asked to', async () => {
    const streaming = new InformerCache({ client, informer: { streamingList: true } });
    const stop = new AbortController();
    const run = streaming.start(stop.signal);
    try {
      const lease = await streaming.getInformer(Widget);
      await lease.waitForSync();
      const viaStream = (await streaming.list(Widget, { namespace: ns.name, labelSelector: { app: 'read' } })).items;
      expect(viaStream.map((w) => w.metadata?.name).sort()).toEqual(['read-a', 'read-b']);
      await client.inNamespace(ns.name).create(widget('streamed-later', { app: 'stream' }));
      await until(lease, () => findIn(lease, 'streamed-later'));
      await lease.release();
    } finally {
      stop.abort();
      await run;
    }
  });

  it('uses the streaming list of the real server, without a list request (one list where it has none)', async () => {
    const inner = clientListerWatcher(client, Widget, { namespace: ns.name });
    let lists = 0;
    const counting: ListerWatcher = {
      listPages: (o) => {
        lists++;
        return inner.listPages(o);
      },
      watch: (o) => inner.watch(o),
    };
    const informer = new SharedInformer(counting, { streamingList: true });
    const stop = new AbortController();
    const run = informer.start(stop.signal);
    try {
      await informer.waitForSync();
      expect(informer.store.get('read-a', ns.name)?.metadata?.name).toBe('read-a');
      expect(lists).toBe(serverStreamsLists ? 0 : 1);
    } finally {
      stop.abort();
      await run;
    }
  });

  it.each([
    ['a streaming list', true],
    ['a paged list', false],
  ])(
    "marks the objects of the initial list (%s) and of a late handler's replay initial, not later changes",
    async (_, streamingList) => {
      const c = client.inNamespace(ns.name);
      const app = `initial-${streamingList ? 'stream' : 'paged'}`;
      await c.create(widget(`${app}-a`, { app }));
      await c.create(widget(`${app}-b`, { app }));
      const lw = clientListerWatcher(client, Widget, { namespace: ns.name, labelSelector: { app } });
      const informer = new SharedInformer(lw, { streamingList });
      const tagged = (e: InformerEvent) => `${e.type}:${e.object.metadata?.name}${e.initial ? ' initial' : ''}`;
      const early: string[] = [];
      informer.subscribe((e) => {
        early.push(tagged(e));
      });
      const stop = new AbortController();
      const run = informer.start(stop.signal);
      try {
        await informer.waitForSync();
        await c.create(widget(`${app}-c`, { app }));
        await new Promise<void>((resolve) => {
          const off = informer.subscribe((e) => {
            if (e.object.metadata?.name === `${app}-c`) {
              off();
              resolve();
            }
          });
        });
        await informer.idle();
        const late: string[] = [];
        informer.subscribe((e) => {
          late.push(tagged(e));
        });
        await informer.idle();
        expect(early.slice(0, 2).sort()).toEqual([`add:${app}-a initial`, `add:${app}-b initial`]);
        expect(early.slice(2)).toEqual([`add:${app}-c`]);
        expect(late.sort()).toEqual([`add:${app}-a initial`, `add:${app}-b initial`, `add:${app}-c initial`]);
      } finally {
        stop.abort();
        await run;
      }
    },
  );

  it('applies per-kind scope: label selector and transform', async () => {
    const scoped = new InformerCache({
      client,
      byKind: [
        {
          kind: Widget,
          labelSelector: { app: 'read' },
          transform: (o) => ({ ...o, metadata: { ...o.metadata, annotations: { trimmed: 'yes' } } }),
        },
      ],
    });
    const stop = new AbortController();
    const run = scoped.start(stop.signal);
    try {
      const items = (await scoped.list(Widget, { namespace: ns.name })).items;
      expect(items.map((w) => w.metadata?.name).sort()).toEqual(['read-a', 'read-b']);
      expect(items.every((w) => w.metadata?.annotations?.trimmed === 'yes')).toBe(true);
    } finally {
      stop.abort();
      await run;
    }
  });

  it('adds and removes namespaces at run time, lease handlers included', async () => {
    const other = await realServer().namespace('cache-added');
    const scoped = new InformerCache({ client, namespaces: [ns.name] });
    const stop = new AbortController();
    const run = scoped.start(stop.signal);
    try {
      await client.inNamespace(other.name).create(widget('in-added'));
      const lease = await scoped.getInformer(Widget);
      const seen: string[] = [];
      lease.subscribe((e) => {
        seen.push(`${e.type}:${e.object.metadata?.namespace}/${e.object.metadata?.name}`);
      });
      await lease.waitForSync();
      await scoped.addNamespace(other.name);
      expect(scoped.namespaces).toEqual([ns.name, other.name]);
      await until(lease, () => findIn(lease, 'in-added'));
      expect(seen).toContain(`add:${other.name}/in-added`);
      const got = await scoped.get(Widget, 'in-added', { namespace: other.name });
      expect(got.metadata?.name).toBe('in-added');
      await scoped.removeNamespace(other.name);
      const err = await scoped.get(Widget, 'in-added', { namespace: other.name }).catch((e: unknown) => e);
      expect((err as { reason?: string }).reason).toBe('InvalidInput');
      expect([...lease.status.keys()]).toEqual([ns.name]);
      await lease.release();
    } finally {
      stop.abort();
      await run;
      await other.cleanup();
    }
  });

  it('refuses reads of kinds without an informer in strict mode', async () => {
    const strict = new InformerCache({ client, failOnMissingInformer: true });
    const stop = new AbortController();
    const run = strict.start(stop.signal);
    try {
      expect(isMissingInformer(await strict.list(Widget).catch((e: unknown) => e))).toBe(true);
      const lease = await strict.getInformer(Widget);
      await lease.waitForSync();
      expect(Array.isArray((await strict.list(Widget, { namespace: ns.name })).items)).toBe(true);
      await lease.release();
    } finally {
      stop.abort();
      await run;
    }
  });

  it('caches only the namespaces it is given', async () => {
    const other = await realServer().namespace('cache-other');
    const scoped = new InformerCache({ client, namespaces: [ns.name] });
    const stop = new AbortController();
    const run = scoped.start(stop.signal);
    try {
      await client.inNamespace(other.name).create(widget('elsewhere'));
      const all = await scoped.list(Widget);
      expect(all.items.every((w) => w.metadata?.namespace === ns.name)).toBe(true);
      const err = await scoped.list(Widget, { namespace: other.name }).catch((e: unknown) => e);
      expect((err as { reason?: string }).reason).toBe('InvalidInput');
    } finally {
      stop.abort();
      await run;
      await other.cleanup();
    }
  });
});

/** Whether an object of that name is in one of the lease's stores. */
function findIn(lease: InformerLease<KubeObject>, name: string): boolean {
  return [...lease.stores.values()].some((store) => store.list().some((o) => o.metadata?.name === name));
}
