/**
 * CachedClient on the in-memory API server: read-your-writes when the informer lags (its watches
 * stalled on purpose), tombstones, the timeout fallback on fake time, resourceVersions that are not
 * integers, the direct-read cache (TTL on fake time, invalidation by writes), metrics and options.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CachedClient, type CachedClientEvent, InformerCache, isMissingInformer } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { isInvalidInput, isNotFound, type KubeObject, type Logger, silentLogger } from '@kubekit/core';
import { FakeApiServer } from '@kubekit/testing';
import { resolveCachedClientOptions } from '../../packages/cache/src/client/cachedClientOptions.js';
import { flush, ManualClock } from '../support/manualClock.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { Widget } from '../support/widgets.js';

const Gadget = { apiVersion: 'test.kubekit.dev/v1', kind: 'Gadget' } as const;

const NS = 'demo';

const widget = (name: string, size = 0): Widget => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name, namespace: NS, labels: { app: 'cc' } },
  spec: { size },
});

const silent: Logger = silentLogger;

/** A logger that keeps what was logged at `warn`. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    ...silent,
    warnings,
    warn: (a: object | string, msg?: string) => void warnings.push(typeof a === 'string' ? a : (msg ?? '')),
    child: () => logger,
  };
  return logger;
}

describe('CachedClient on the in-memory API server', () => {
  let server: FakeApiServer;
  let client: Client;
  let cache: InformerCache;
  let stop: AbortController;
  let running: Promise<void>;

  beforeAll(async () => {
    server = await FakeApiServer.start({ crds: [FIXTURE_CRDS] });
    client = new Client({ kubeConfig: server.kubeConfig });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });
  beforeEach(() => {
    cache = new InformerCache({ client });
    stop = new AbortController();
    running = cache.start(stop.signal);
  });
  afterEach(async () => {
    server.faults.stallWatches(false);
    stop.abort();
    await running;
    await client.deleteAllOf(Widget, { namespace: NS });
  });

  /** Stalls the watches of every informer: from now on the cache sees no change until un-stalled. */
  function freezeInformers(): void {
    server.faults.stallWatches(true);
    server.faults.closeWatches();
  }

  it('reads what it wrote while the informer is behind: update, create, patch, status', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const created = await cc.create(widget('w1', 1));
    expect((await cc.get(Widget, 'w1', { namespace: NS })).spec?.size).toBe(1);
    freezeInformers();

    // the informer is frozen, so a read returns the write only by waiting (here: no wait can
    // succeed) or by reading directly; it must never return the old state
    const clock = new ManualClock();
    const ryw = new CachedClient({ client, cache, logger: silent, clock, readYourWritesTimeoutMs: 1_000 });
    const updated = await ryw.update({ ...created, spec: { size: 2 } });
    const read = ryw.get(Widget, 'w1', { namespace: NS });
    await flush();
    await clock.advance(1_000);
    expect((await read).metadata?.resourceVersion).toBe(updated.metadata?.resourceVersion);
    const m = ryw.metrics.snapshot();
    expect(m.fallbacks.readYourWritesTimeout).toBe(1);
    expect(m.readYourWritesWaits).toBe(1);
    expect(m.readYourWritesWaitMs).toBe(1_000);

    const list = ryw.list(Widget, { namespace: NS });
    await flush();
    await clock.advance(1_000);
    expect((await list).items.map((w) => w.spec?.size)).toEqual([2]);
    expect(ryw.metrics.snapshot().fallbacks.readYourWritesTimeout).toBe(2);

    const patched = await ryw.patch(Widget, 'w1', { type: 'merge', patch: { spec: { size: 3 } } }, { namespace: NS });
    const afterPatch = ryw.get(Widget, 'w1', { namespace: NS });
    await flush();
    await clock.advance(1_000);
    expect((await afterPatch).metadata?.resourceVersion).toBe(patched.metadata?.resourceVersion);

    const statused = await ryw.status().update({ ...patched, status: { phase: 'Ready' } });
    const afterStatus = ryw.get(Widget, 'w1', { namespace: NS });
    await flush();
    await clock.advance(1_000);
    expect((await afterStatus).status?.phase).toBe('Ready');
    expect((await afterStatus).metadata?.resourceVersion).toBe(statused.metadata?.resourceVersion);

    // without read-your-writes, the frozen informer's (old) object comes back
    const plain = new CachedClient({ client, cache, logger: silent, readYourWrites: false });
    expect((await plain.get(Widget, 'w1', { namespace: NS })).spec?.size).toBe(1);
  });

  it('waits for the informer instead of reading directly when it catches up in time', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    await cc.create(widget('w2'));
    await cc.list(Widget, { namespace: NS });
    freezeInformers();
    const w = await cc.get(Widget, 'w2', { namespace: NS });
    const updated = await cc.update({ ...w, spec: { size: 5 } });
    const read = cc.get(Widget, 'w2', { namespace: NS });
    await flush();
    server.faults.stallWatches(false);
    server.faults.closeWatches(); // the informer re-watches from its resourceVersion and catches up
    expect((await read).metadata?.resourceVersion).toBe(updated.metadata?.resourceVersion);
    const m = cc.metrics.snapshot();
    expect(m.cacheMisses).toBe(0);
    expect(m.readYourWritesWaits).toBeGreaterThanOrEqual(2);
  });

  it("stops a read-your-writes wait when the caller's signal aborts, without reading directly", async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const w = await cc.create(widget('aborted'));
    await cc.get(Widget, 'aborted', { namespace: NS });
    freezeInformers();
    await cc.update({ ...w, spec: { size: 1 } });
    const controller = new AbortController();
    const read = cc.get(Widget, 'aborted', { namespace: NS, signal: controller.signal });
    await flush();
    controller.abort(new Error('reconcile cancelled'));
    await expect(read).rejects.toThrow('reconcile cancelled');
    expect(cc.metrics.snapshot()).toMatchObject({ cacheMisses: 0, directReads: 0 });
  });

  it('answers NotFound after a delete before the informer has seen it, and shows a re-created object', async () => {
    const clock = new ManualClock();
    const cc = new CachedClient({ client, cache, logger: silent, clock });
    await cc.create(widget('gone'));
    await cc.create(widget('stays'));
    expect((await cc.list(Widget, { namespace: NS })).items).toHaveLength(2);
    freezeInformers();
    await cc.delete(Widget, 'gone', { namespace: NS });
    const err = await cc.get(Widget, 'gone', { namespace: NS }).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((await cc.list(Widget, { namespace: NS })).items.map((w) => w.metadata?.name)).toEqual(['stays']);
    // the informer still holds it: a client without read-your-writes shows it
    const plain = new CachedClient({ client, cache, logger: silent, readYourWrites: false });
    expect((await plain.get(Widget, 'gone', { namespace: NS })).metadata?.name).toBe('gone');

    // re-created through the client: reads wait for it (and read directly when the informer is stuck)
    const again = await cc.create(widget('gone', 7));
    const read = cc.get(Widget, 'gone', { namespace: NS });
    await flush();
    await clock.advance(5_000);
    expect((await read).metadata?.uid).toBe(again.metadata?.uid);
    server.faults.stallWatches(false);
    server.faults.closeWatches();
    // once the informer has seen it all, the cache answers again
    const lease = await cache.getInformer(Widget);
    await cache.waitForResourceVersion(Widget, again.metadata?.resourceVersion ?? '', { namespace: NS });
    await lease.release();
    expect((await cc.get(Widget, 'gone', { namespace: NS })).spec?.size).toBe(7);
  });

  it('leaves out objects deleteAllOf reported deleted', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    await cc.create(widget('a'));
    await cc.create(widget('b'));
    expect((await cc.list(Widget, { namespace: NS })).items).toHaveLength(2);
    freezeInformers();
    await cc.deleteAllOf(Widget, { namespace: NS, labelSelector: { app: 'cc' } });
    expect((await cc.list(Widget, { namespace: NS })).items).toEqual([]);
    expect(isNotFound(await cc.get(Widget, 'a', { namespace: NS }).catch((e: unknown) => e))).toBe(true);
  });

  it('reads directly when a resourceVersion is not an integer', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    await cc.create(widget('opaque'));
    await cc.list(Widget, { namespace: NS });
    // a client whose server hands out opaque resourceVersions
    const opaque = {
      restMapper: client.restMapper,
      inNamespace: (ns: string) => client.inNamespace(ns),
      get: (...a: Parameters<Client['get']>) => client.get(...a),
      list: (...a: Parameters<Client['list']>) => client.list(...a),
      update: async (obj: KubeObject) => {
        const out = await client.update(obj);
        return { ...out, metadata: { ...out.metadata, resourceVersion: `v-${out.metadata?.resourceVersion}` } };
      },
    } as unknown as Client;
    const odd = new CachedClient({ client: opaque, cache, logger: silent });
    const w = await odd.get(Widget, 'opaque', { namespace: NS });
    await odd.update({ ...w, spec: { size: 9 } });
    expect((await odd.get(Widget, 'opaque', { namespace: NS })).spec?.size).toBe(9);
    expect((await odd.list(Widget, { namespace: NS })).items[0]?.spec?.size).toBe(9);
    expect(odd.metrics.snapshot().fallbacks.resourceVersionNotComparable).toBe(2);
  });

  it('keeps direct reads of uncached kinds for the TTL, and drops them on writes through the client', async () => {
    const clock = new ManualClock();
    const strict = new InformerCache({ client, failOnMissingInformer: true });
    const strictStop = new AbortController();
    const strictRunning = strict.start(strictStop.signal);
    try {
      const cc = new CachedClient({
        client,
        cache: strict,
        logger: silent,
        clock,
        uncached: [builtinKinds.ConfigMap],
        directReadCache: { ttlMs: 1_000, max: 10 },
      });
      const before = client.stats.attempts;
      await cc.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c1', namespace: NS },
        data: { v: '1' },
      });
      const first = await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS });
      const second = await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS });
      expect(second).toEqual(first);
      expect(client.stats.attempts - before).toBe(2); // the create and one read
      (second as { data: Record<string, string> }).data.v = 'changed by the caller';
      expect((await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS })).data?.v).toBe('1');
      const list1 = await cc.list(builtinKinds.ConfigMap, { namespace: NS });
      expect((await cc.list(builtinKinds.ConfigMap, { namespace: NS })).items).toEqual(list1.items);

      // a write through the client drops the object's entries and the kind's lists
      await cc.update({ ...first, data: { v: '2' } });
      expect((await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS })).data?.v).toBe('2');
      await cc.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c2', namespace: NS } });
      const names = (await cc.list(builtinKinds.ConfigMap, { namespace: NS })).items.map((c) => c.metadata?.name);
      expect(names).toContain('c2');
      await cc.delete(builtinKinds.ConfigMap, 'c2', { namespace: NS });
      expect(isNotFound(await cc.get(builtinKinds.ConfigMap, 'c2', { namespace: NS }).catch((e: unknown) => e))).toBe(
        true,
      );

      // another writer's change shows once the TTL has passed
      const current = await client.get(builtinKinds.ConfigMap, 'c1', { namespace: NS });
      await client.update({ ...current, data: { v: '3' } });
      expect((await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS })).data?.v).toBe('2');
      expect((await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS, live: true })).data?.v).toBe('3');
      await clock.advance(1_001);
      expect((await cc.get(builtinKinds.ConfigMap, 'c1', { namespace: NS })).data?.v).toBe('3');

      const m = cc.metrics.snapshot();
      expect(m.cacheHits).toBe(0); // the strict cache was never asked: no informer, no MissingInformerError
      expect(m.fallbacks).toMatchObject({ uncached: m.cacheMisses, live: 0 }); // live reads of an uncached kind count as uncached
      expect(m.directCacheHits).toBe(4);
      // the cache itself refuses the kind, proving no informer was used
      expect(isMissingInformer(await strict.get(builtinKinds.ConfigMap, 'c1', { namespace: NS }).catch((e) => e))).toBe(
        true,
      );
      // strict mode is kept for cached kinds: reads refuse instead of starting an informer
      expect(isMissingInformer(await cc.get(Widget, 'x', { namespace: NS }).catch((e: unknown) => e))).toBe(true);
      await cc.delete(builtinKinds.ConfigMap, 'c1', { namespace: NS });
    } finally {
      strictStop.abort();
      await strictRunning;
    }
  });

  it('does not keep a direct read that raced with a write of its kind', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let answered = () => {};
    const readAnswered = new Promise<void>((resolve) => {
      answered = resolve;
    });
    // a client whose reads answer only once the gate opens: the read below sees the old state,
    // and its answer arrives after the update
    const gated = {
      restMapper: client.restMapper,
      get: async (...a: Parameters<Client['get']>) => {
        const answer = await client.get(...a);
        answered();
        await gate;
        return answer;
      },
      create: (obj: KubeObject) => client.create(obj),
      update: (obj: KubeObject) => client.update(obj),
    } as unknown as Client;
    const cc = new CachedClient({ client: gated, cache, logger: silent, uncached: [Widget] });
    const w = await cc.create(widget('race', 1));
    const slowRead = cc.get(Widget, 'race', { namespace: NS });
    await readAnswered;
    await cc.update({ ...w, spec: { size: 2 } });
    open();
    expect((await slowRead).spec?.size).toBe(1);
    expect((await cc.get(Widget, 'race', { namespace: NS })).spec?.size).toBe(2);
  });

  it('reads directly for options a cache cannot honour, and on request', async () => {
    const events: CachedClientEvent[] = [];
    const cc = new CachedClient({ client, cache, logger: silent });
    cc.metrics.subscribe((e) => events.push(e));
    for (const name of ['p1', 'p2', 'p3']) await cc.create(widget(name));
    const page = await cc.list(Widget, { namespace: NS, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.metadata.continue).toBeTruthy();
    const rest = await cc.list(Widget, { namespace: NS, limit: 2, continue: page.metadata.continue });
    expect(rest.items.map((w) => w.metadata?.name)).toEqual(['p3']);
    const rv = page.metadata.resourceVersion ?? '';
    await cc.list(Widget, { namespace: NS, resourceVersion: rv, resourceVersionMatch: 'Exact' });
    await cc.get(Widget, 'p1', { namespace: NS, live: true });
    await cc.list(Widget, { namespace: NS, resourceVersion: '0' }); // "any version": the cache will do
    expect(cc.metrics.snapshot().fallbacks).toMatchObject({ options: 3, live: 1 });
    expect(events.filter((e) => e.type === 'fallback').map((e) => e.type === 'fallback' && e.reason)).toEqual([
      'options',
      'options',
      'options',
      'live',
    ]);
    expect(events.at(-1)).toEqual({ type: 'cacheHit', kind: 'Widget.test.kubekit.dev/v1', verb: 'list' });
  });

  it('serves metadata-only reads from the cache as PartialObjectMetadata', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    await cc.create(widget('meta', 4));
    const partial = await cc.get(Widget, 'meta', { namespace: NS, metadataOnly: true });
    expect(partial).toMatchObject({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata' });
    expect(partial.metadata?.name).toBe('meta');
    expect('spec' in partial).toBe(false);
    const list = await cc.list(Widget, { namespace: NS, metadataOnly: true });
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['meta']);
    expect(cc.metrics.snapshot().cacheHits).toBe(2);
  });

  it('namespaced views default the namespace of reads and writes, and share state', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const view = cc.inNamespace(NS);
    expect(view.namespace).toBe(NS);
    const w = await view.create({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name: 'v1' } });
    expect(w.metadata?.namespace).toBe(NS);
    expect((await view.get(Widget, 'v1')).metadata?.uid).toBe(w.metadata?.uid);
    expect((await view.list(Widget)).items).toHaveLength(1);
    await view.delete(Widget, 'v1');
    expect(isNotFound(await cc.get(Widget, 'v1', { namespace: NS }).catch((e: unknown) => e))).toBe(true);
    expect(view.metrics).toBe(cc.metrics);
    expect(isInvalidInput(await cc.get(Widget, 'v1').catch((e: unknown) => e))).toBe(true);
    // cluster-scoped kinds ignore the view's namespace
    await view.create({ apiVersion: 'test.kubekit.dev/v1', kind: 'Gadget', metadata: { name: 'g-view' } });
    expect((await view.get(Gadget, 'g-view')).metadata?.name).toBe('g-view');
    await view.delete(Gadget, 'g-view');
    expect(isNotFound(await view.get(Gadget, 'g-view').catch((e: unknown) => e))).toBe(true);
  });

  it('keys direct reads of a view by the namespace the read was made in (one namespace rule)', async () => {
    const other = 'demo-other';
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: other } }).catch(() => undefined);
    const cm = (name: string, namespace: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace },
    });
    await client.create(cm('in-view', NS));
    await client.create(cm('elsewhere', other));
    try {
      const cc = new CachedClient({ client, cache, logger: silent, uncached: [builtinKinds.ConfigMap] });
      const names = (list: { items: { metadata?: { name?: string } }[] }) => list.items.map((o) => o.metadata?.name);
      // an empty namespace option on a view lists in the view's namespace, as Client does...
      expect(names(await cc.inNamespace(NS).list(builtinKinds.ConfigMap, { namespace: '' }))).toContain('in-view');
      // ...and that answer is not handed to a list of all namespaces
      expect(names(await cc.list(builtinKinds.ConfigMap))).toEqual(expect.arrayContaining(['in-view', 'elsewhere']));
    } finally {
      await client.delete(builtinKinds.ConfigMap, 'in-view', { namespace: NS });
      await client.delete(builtinKinds.ConfigMap, 'elsewhere', { namespace: other });
    }
  });

  it('checks its options', () => {
    // The resolver is internal (imported from the source module); the cache here is the package's
    // InformerCache, the same class at run time, which the type checker sees through dist instead.
    type Input = Parameters<typeof resolveCachedClientOptions>[0];
    const resolve = (extra: Partial<Input> = {}) => resolveCachedClientOptions({ client, cache, ...extra } as Input);
    expect(resolve()).toMatchObject({
      readYourWrites: true,
      readYourWritesTimeoutMs: 5_000,
      directReadCache: { ttlMs: 2_000, max: 1_000 },
      exactFieldSelectors: false,
      uncached: [],
    });
    expect(() => resolve({ readYourWritesTimeoutMs: 0 })).toThrow(/readYourWritesTimeoutMs/);
    expect(() => resolve({ directReadCache: { ttlMs: -1 } })).toThrow(/ttlMs/);
    expect(resolve({ directReadCache: false }).directReadCache).toBe(false);
  });

  it('warns once and reads directly when the informer is forbidden', async () => {
    const restricted = new Client({ kubeConfig: server.kubeConfigFor('restricted') });
    const denied = new InformerCache({ client: restricted });
    const deniedStop = new AbortController();
    const deniedRunning = denied.start(deniedStop.signal);
    try {
      const logger = recordingLogger();
      const cc = new CachedClient({ client, cache: denied, logger });
      await cc.create(widget('f1', 3));
      expect((await cc.get(Widget, 'f1', { namespace: NS })).spec?.size).toBe(3);
      expect((await cc.list(Widget, { namespace: NS })).items).toHaveLength(1);
      expect((await cc.get(Widget, 'f1', { namespace: NS })).spec?.size).toBe(3); // the direct-read cache
      expect(logger.warnings).toHaveLength(1);
      const m = cc.metrics.snapshot();
      expect(m.fallbacks.forbidden).toBe(3);
      expect(m.directCacheHits).toBe(1);
    } finally {
      deniedStop.abort();
      await deniedRunning;
      restricted.close();
    }
  });
});
