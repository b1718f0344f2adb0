/**
 * CachedClient against the real API server: write-then-read 1,000 times in a tight loop (update
 * then get, create then list, delete then get) never shows a stale or missing result; each
 * fallback to a direct read; the 403 fallback through the restricted user; a CRD installed after
 * start, read and written unstructured.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { Client, isNoKindMatch } from '@kubekit/client';
import {
  isNotFound,
  isStatus,
  type KubeObject,
  type Logger,
  silentLogger,
  type UnstructuredObject,
} from '@kubekit/core';
import { type CrdSource, installCrds, type TestNamespace } from '@kubekit/testing';
import { ManualClock } from '../support/manualClock.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';
import { Widget } from '../support/widgets.js';

const LOOPS = 1_000;
const silent: Logger = silentLogger;

describeReal('CachedClient against the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let cache: InformerCache;
  const stop = new AbortController();
  let running: Promise<void>;
  const widget = (name: string, replicas = 0, labels: Record<string, string> = {}): Widget => ({
    apiVersion: 'test.kubekit.dev/v1',
    kind: 'Widget',
    metadata: { name, namespace: ns.name, labels },
    spec: { replicas },
  });

  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('cached-client');
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
    cache = new InformerCache({ client });
    running = cache.start(stop.signal);
  });
  afterAll(async () => {
    stop.abort();
    await running;
    client?.close();
    await ns?.cleanup();
  });

  it(`update then get, ${LOOPS} times: every get returns the update's result, from the cache`, async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    let w = await cc.create(widget('ryw-update'));
    let stale = 0;
    for (let i = 1; i <= LOOPS; i++) {
      w = await cc.update({ ...w, spec: { replicas: i } });
      const got = await cc.get(Widget, 'ryw-update', { namespace: ns.name });
      if (got.metadata?.resourceVersion !== w.metadata?.resourceVersion || got.spec?.replicas !== i) stale++;
    }
    expect(stale).toBe(0);
    const m = cc.metrics.snapshot();
    expect(m.cacheHits).toBe(LOOPS);
    expect(m.cacheMisses).toBe(0);
    expect(m.readYourWritesWaits).toBe(LOOPS);
  });

  it(`create then list, ${LOOPS} times: every list includes every object created so far`, async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const labelSelector = { loop: 'create-list' };
    let missing = 0;
    for (let i = 0; i < LOOPS; i++) {
      await cc.create(widget(`cl-${i}`, i, labelSelector));
      const items = (await cc.list(Widget, { namespace: ns.name, labelSelector })).items;
      if (items.length !== i + 1 || !items.some((x) => x.metadata?.name === `cl-${i}`)) missing++;
    }
    expect(missing).toBe(0);
    expect(cc.metrics.snapshot()).toMatchObject({ cacheHits: LOOPS, cacheMisses: 0 });
    await client.deleteAllOf(Widget, { namespace: ns.name, labelSelector });
  });

  it(`delete then get, ${LOOPS} times: every get after the delete is NotFound, every list leaves it out`, async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    let wrong = 0;
    for (let i = 0; i < LOOPS; i++) {
      const name = `dg-${i % 10}`; // re-create the same names: old incarnations must not come back
      const created = await cc.create(widget(name, i));
      const got = await cc.get(Widget, name, { namespace: ns.name });
      if (got.metadata?.uid !== created.metadata?.uid) wrong++;
      await cc.delete(Widget, name, { namespace: ns.name });
      const after = await cc.get(Widget, name, { namespace: ns.name }).catch((e: unknown) => e);
      if (!isNotFound(after)) wrong++;
      if (i % 10 === 0) {
        const names = (await cc.list(Widget, { namespace: ns.name })).items.map((x) => x.metadata?.name);
        if (names.includes(name)) wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(cc.metrics.snapshot().cacheMisses).toBe(0);
  });

  it('a delete held by a finalizer keeps the object readable, terminating, until it goes', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const held = await cc.create({
      ...widget('held'),
      metadata: { ...widget('held').metadata, finalizers: ['test.kubekit.dev/hold'] },
    });
    const answer = (await cc.delete(Widget, 'held', { namespace: ns.name })) as KubeObject & {
      metadata: { deletionTimestamp?: string };
    };
    expect(isStatus(answer)).toBe(false);
    expect(answer.metadata.deletionTimestamp).toBeDefined();
    // still there (terminating): the cached read shows it, as the server would
    const terminating = (await cc.get(Widget, 'held', { namespace: ns.name })) as Widget & {
      metadata: { deletionTimestamp?: string };
    };
    expect(terminating.metadata.uid).toBe(held.metadata?.uid);
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    await cc.patch(
      Widget,
      'held',
      { type: 'merge', patch: { metadata: { finalizers: null } } },
      { namespace: ns.name },
    );
    // removing the last finalizer deletes it: the cache must not show the last update before the delete
    expect(isNotFound(await cc.get(Widget, 'held', { namespace: ns.name }).catch((e: unknown) => e))).toBe(true);
    expect((await cc.list(Widget, { namespace: ns.name })).items.map((x) => x.metadata?.name)).not.toContain('held');
    expect(isNotFound(await client.get(Widget, 'held', { namespace: ns.name }).catch((e: unknown) => e))).toBe(true);
  });

  it('keeps direct reads of an uncached kind briefly, and drops them on writes through the client', async () => {
    const clock = new ManualClock();
    using own = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 }); // counts only this test's requests
    const cc = new CachedClient({ client: own, cache, logger: silent, clock, uncached: [Widget] });
    const labelSelector = { lru: 'yes' };
    const w = await cc.create(widget('lru-1', 1, labelSelector));
    const requests = () => own.stats.attempts;
    let before = requests();
    await cc.get(Widget, 'lru-1', { namespace: ns.name });
    await cc.get(Widget, 'lru-1', { namespace: ns.name });
    await cc.list(Widget, { namespace: ns.name, labelSelector });
    await cc.list(Widget, { namespace: ns.name, labelSelector });
    expect(requests() - before).toBe(2); // one get, one list: the repeats came from the direct-read cache

    // writes through the client drop the object's entries and the kind's lists
    const updated = await cc.update({ ...w, spec: { replicas: 2 } });
    expect((await cc.get(Widget, 'lru-1', { namespace: ns.name })).metadata?.resourceVersion).toBe(
      updated.metadata?.resourceVersion,
    );
    await cc.create(widget('lru-2', 0, labelSelector));
    expect((await cc.list(Widget, { namespace: ns.name, labelSelector })).items).toHaveLength(2);
    await cc.delete(Widget, 'lru-2', { namespace: ns.name });
    expect((await cc.list(Widget, { namespace: ns.name, labelSelector })).items).toHaveLength(1);
    expect(isNotFound(await cc.get(Widget, 'lru-2', { namespace: ns.name }).catch((e: unknown) => e))).toBe(true);

    // another writer's change shows after the TTL (2 s by default)
    const other = await client.update({ ...updated, spec: { replicas: 3 } });
    expect((await cc.get(Widget, 'lru-1', { namespace: ns.name })).spec?.replicas).toBe(2);
    await clock.advance(2_001);
    expect((await cc.get(Widget, 'lru-1', { namespace: ns.name })).metadata?.resourceVersion).toBe(
      other.metadata?.resourceVersion,
    );
    before = requests();
    await cc.get(Widget, 'lru-1', { namespace: ns.name, live: true }); // live: always a request
    expect(requests() - before).toBe(1);
    const m = cc.metrics.snapshot();
    expect(m.cacheHits).toBe(0);
    expect(m.fallbacks.uncached).toBe(m.cacheMisses); // live reads of an uncached kind count as uncached
    expect(m.directCacheHits).toBe(3);
    await cc.delete(Widget, 'lru-1', { namespace: ns.name });
  });

  it('reads directly on request (live), and for paging options', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const w = await cc.create(widget('live', 1));
    await cc.get(Widget, 'live', { namespace: ns.name });
    // another writer: a live read sees it at once, whatever the informer's lag
    const other = await client.update({ ...w, spec: { size: 2 } });
    const live = await cc.get(Widget, 'live', { namespace: ns.name, live: true });
    expect(live.metadata?.resourceVersion).toBe(other.metadata?.resourceVersion);
    const page = await cc.list(Widget, { namespace: ns.name, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(cc.metrics.snapshot().fallbacks).toMatchObject({ live: 1, options: 1 });
    await cc.delete(Widget, 'live', { namespace: ns.name });
  });

  it('sends field selectors without an index to the server when asked for exactness', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    await cc.create({ ...widget('fs-red'), spec: { color: 'red' } });
    await cc.create({ ...widget('fs-blue'), spec: { color: 'blue' } });
    const fieldSelector = 'spec.color=red';
    // from the cache: evaluated on the cached objects
    const cached = await cc.list(Widget, { namespace: ns.name, fieldSelector });
    expect(cached.items.map((x) => x.metadata?.name)).toEqual(['fs-red']);
    // exact: the server's semantics, and this server has no such field for Widgets
    const exact = await cc
      .list(Widget, { namespace: ns.name, fieldSelector, exactFieldSelector: true })
      .catch((e) => e);
    expect((exact as { reason?: string }).reason).toBe('BadRequest');
    expect(cc.metrics.snapshot().fallbacks.fieldSelector).toBe(1);
    // names are exact in the cache
    await cc.list(Widget, { namespace: ns.name, fieldSelector: 'metadata.name=fs-red', exactFieldSelector: true });
    expect(cc.metrics.snapshot().fallbacks.fieldSelector).toBe(1);
    // with an index of that name the cache answers, exact or not
    const indexed = new InformerCache({ client });
    indexed.indexField(Widget, 'spec.color', (o) => [(o as Widget).spec?.color ?? '']);
    const indexedStop = new AbortController();
    const indexedRunning = indexed.start(indexedStop.signal);
    try {
      const strict = new CachedClient({ client, cache: indexed, logger: silent, exactFieldSelectors: true });
      const red = await strict.list(Widget, { namespace: ns.name, fieldSelector });
      expect(red.items.map((x) => x.metadata?.name)).toEqual(['fs-red']);
      expect(strict.metrics.snapshot()).toMatchObject({ cacheHits: 1, cacheMisses: 0 });
    } finally {
      indexedStop.abort();
      await indexedRunning;
    }
    await cc.deleteAllOf(Widget, { namespace: ns.name, fieldSelector: 'metadata.name=fs-red' });
    await cc.delete(Widget, 'fs-blue', { namespace: ns.name });
  });

  it('reads directly, with one warning, a kind whose informer the server forbids (403)', async () => {
    // the informers list and watch as a user RBAC refuses; reads and writes go as the admin
    const restricted = new Client({ kubeConfig: realServer().kubeConfig('restricted') });
    const denied = new InformerCache({ client: restricted });
    const deniedStop = new AbortController();
    const deniedRunning = denied.start(deniedStop.signal);
    const warnings: string[] = [];
    try {
      const cc = new CachedClient({
        client,
        cache: denied,
        logger: {
          ...silent,
          warn: (a: object | string, m?: string) => void warnings.push(typeof a === 'string' ? a : (m ?? '')),
        },
      });
      await cc.create(widget('forbidden-1', 3));
      expect((await cc.get(Widget, 'forbidden-1', { namespace: ns.name })).spec?.replicas).toBe(3);
      expect((await cc.list(Widget, { namespace: ns.name })).items.map((x) => x.metadata?.name)).toContain(
        'forbidden-1',
      );
      const w = await cc.get(Widget, 'forbidden-1', { namespace: ns.name });
      await cc.update({ ...w, spec: { replicas: 4 } });
      expect((await cc.get(Widget, 'forbidden-1', { namespace: ns.name })).spec?.replicas).toBe(4);
      expect(warnings).toHaveLength(1);
      const m = cc.metrics.snapshot();
      expect(m.fallbacks.forbidden).toBe(4);
      expect(m.cacheHits).toBe(0);
      await cc.delete(Widget, 'forbidden-1', { namespace: ns.name });
    } finally {
      deniedStop.abort();
      await deniedRunning;
      restricted.close();
    }
  });

  it('reads and writes unstructured a kind whose CRD is installed after start', async () => {
    const cc = new CachedClient({ client, cache, logger: silent });
    const Sprocket = { apiVersion: 'late.kubekit.dev/v1', kind: 'Sprocket' } as const;
    expect(isNoKindMatch(await cc.list(Sprocket, { namespace: ns.name }).catch((e: unknown) => e))).toBe(true);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'sprockets.late.kubekit.dev' },
      spec: {
        group: 'late.kubekit.dev',
        scope: 'Namespaced',
        names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket', listKind: 'SprocketList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    };
    await installCrds(realServer().kubeConfig(), [crd as unknown as CrdSource]);
    const created = await cc.create<UnstructuredObject>({
      ...Sprocket,
      metadata: { name: 's1', namespace: ns.name },
      spec: { teeth: 12 },
    });
    const got = await cc.get(Sprocket, 's1', { namespace: ns.name });
    expect(got.metadata?.uid).toBe(created.metadata?.uid);
    expect((got as UnstructuredObject).spec).toEqual({ teeth: 12 });
    const updated = await cc.update<UnstructuredObject>({ ...got, spec: { teeth: 13 } });
    const list = await cc.list(Sprocket, { namespace: ns.name });
    expect(list.items.map((x) => x.metadata?.resourceVersion)).toEqual([updated.metadata?.resourceVersion]);
    const m = cc.metrics.snapshot();
    expect(m.cacheHits).toBe(2); // the get and the list came from the Sprocket informer
    expect(m.cacheMisses).toBe(0);
    const lease = await cache.getInformer(Sprocket);
    expect(lease.hasSynced).toBe(true);
    await lease.release();
    await cc.delete(Sprocket, 's1', { namespace: ns.name });
    expect(isNotFound(await cc.get(Sprocket, 's1', { namespace: ns.name }).catch((e: unknown) => e))).toBe(true);
  });
});
