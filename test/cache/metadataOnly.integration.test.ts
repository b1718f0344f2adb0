/**
 * Metadata-only reads against the real API server: the client's `metadataOnly` get, list and watch
 * (bookmarks and `sendInitialEvents` included) answer with `PartialObjectMetadata`, and an informer
 * cache with `byKind: [{ kind, metadataOnly: true }]` stores only metadata under the kind's own type.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { InformerCache } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import type { PartialObjectMetadata, WatchEvent } from '@kubekit/core';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer, serverStreamsLists } from '../support/realServer.js';
import { Widget } from '../support/widgets.js';

const widget = (name: string, color: string): Widget => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name, labels: { app: 'meta' }, annotations: { note: name } },
  spec: { color },
});

describeReal('metadata-only reads against the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('meta');
    client = new Client({ kubeConfig: realServer().kubeConfig() });
    await client.create(widget('m-a', 'red'), { namespace: ns.name });
    await client.create(widget('m-b', 'blue'), { namespace: ns.name });
  });
  afterAll(async () => {
    client?.close();
    await ns?.cleanup();
  });

  it('gets and lists PartialObjectMetadata: full metadata, no spec', async () => {
    const got = await client.get(Widget, 'm-a', { namespace: ns.name, metadataOnly: true });
    expect(got).toMatchObject({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: { name: 'm-a', namespace: ns.name, labels: { app: 'meta' }, annotations: { note: 'm-a' } },
    });
    expect(got).not.toHaveProperty('spec');
    const list = await client.list(Widget, { namespace: ns.name, metadataOnly: true });
    expect(list.kind).toBe('PartialObjectMetadataList');
    expect(list.metadata.resourceVersion).toEqual(expect.any(String));
    expect(list.items.map((o) => o.metadata.name).sort()).toEqual(['m-a', 'm-b']);
    for (const o of list.items) {
      expect(o).toMatchObject({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata' });
      expect(o).not.toHaveProperty('spec');
      expect(o.metadata.uid).toEqual(expect.any(String));
    }
    const pages: string[][] = [];
    for await (const page of client.listPages(Widget, { namespace: ns.name, metadataOnly: true, pageSize: 1 })) {
      pages.push(page.items.map((o) => o.metadata.name ?? ''));
    }
    expect(pages.flat().sort()).toEqual(['m-a', 'm-b']);
  });

  it('watches PartialObjectMetadata events, with initial events and their closing bookmark', async () => {
    if (!serverStreamsLists) {
      // a server without streaming lists refuses sendInitialEvents, and says why
      const refused = client.watch(Widget, { namespace: ns.name, metadataOnly: true, sendInitialEvents: true });
      await expect(refused[Symbol.asyncIterator]().next()).rejects.toMatchObject({
        reason: 'Invalid',
        message: expect.stringContaining('sendInitialEvents is forbidden for watch unless the WatchList feature gate'),
      });
      return;
    }
    const controller = new AbortController();
    const events: WatchEvent<PartialObjectMetadata>[] = [];
    const watch = client.watch(Widget, {
      namespace: ns.name,
      metadataOnly: true,
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      signal: controller.signal,
    });
    let changed = false;
    for await (const e of watch) {
      events.push(e);
      const initialEnd =
        e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true';
      if (initialEnd && !changed) {
        changed = true;
        await client.patch(
          Widget,
          'm-a',
          { type: 'merge', patch: { spec: { color: 'green' } } },
          { namespace: ns.name },
        );
      }
      if (e.type === 'MODIFIED') break;
    }
    controller.abort();
    const shown = events.map((e) =>
      e.type === 'ERROR'
        ? 'ERROR'
        : `${e.type}:${e.object.kind}:${e.type === 'BOOKMARK' ? '' : e.object.metadata.name}`,
    );
    expect(shown.filter((s) => s.startsWith('ADDED')).sort()).toEqual([
      'ADDED:PartialObjectMetadata:m-a',
      'ADDED:PartialObjectMetadata:m-b',
    ]);
    expect(shown).toContain('BOOKMARK:PartialObjectMetadata:');
    expect(shown[shown.length - 1]).toBe('MODIFIED:PartialObjectMetadata:m-a');
    for (const e of events) expect(e.type === 'ERROR' ? {} : e.object).not.toHaveProperty('spec');
  });

  it('caches only metadata for a kind marked metadataOnly, under the kind’s own apiVersion and kind', async () => {
    const cache = new InformerCache({ client, byKind: [{ kind: Widget, metadataOnly: true }] });
    const controller = new AbortController();
    const running = cache.start(controller.signal);
    try {
      const got = await cache.get(Widget, 'm-b', { namespace: ns.name });
      expect(got).toMatchObject({
        apiVersion: 'test.kubekit.dev/v1',
        kind: 'Widget',
        metadata: { name: 'm-b', annotations: { note: 'm-b' } },
      });
      expect(got).not.toHaveProperty('spec');
      expect(got.metadata).not.toHaveProperty('managedFields');
      const lease = await cache.getInformer(Widget);
      const seen = new Promise<void>((resolve) => {
        const off = lease.subscribe(() => {
          if ([...lease.stores.values()].some((s) => s.list().some((o) => o.metadata?.name === 'm-c'))) {
            off();
            resolve();
          }
        });
      });
      await client.create(widget('m-c', 'black'), { namespace: ns.name });
      await seen;
      lease.release();
      const names = (await cache.list(Widget, { namespace: ns.name, labelSelector: { app: 'meta' } })).items
        .map((o) => `${o.kind}:${o.metadata?.name}`)
        .sort();
      expect(names).toEqual(['Widget:m-a', 'Widget:m-b', 'Widget:m-c']);
    } finally {
      controller.abort();
      await running;
    }
  });

  it('holds one informer per kind and projection: metadata-only leases beside full reads, shared', async () => {
    const cache = new InformerCache({ client, namespaces: [ns.name] });
    const controller = new AbortController();
    const running = cache.start(controller.signal);
    try {
      const full = await cache.get(Widget, 'm-a', { namespace: ns.name });
      expect(full.spec?.color).toEqual(expect.any(String));
      const one = await cache.getInformer(Widget, { metadataOnly: true });
      const two = await cache.getInformer(Widget, { metadataOnly: true });
      await one.waitForSync();
      const store = one.stores.get(ns.name);
      expect(store).toBeDefined();
      expect(two.stores.get(ns.name)).toBe(store);
      const meta = store?.get('m-a', ns.name);
      expect(meta).toMatchObject({ kind: 'Widget', metadata: { name: 'm-a', annotations: { note: 'm-a' } } });
      expect(meta).not.toHaveProperty('spec');
      const fullLease = await cache.getInformer(Widget);
      expect(fullLease.stores.get(ns.name)).not.toBe(store);
      expect(fullLease.stores.get(ns.name)?.get('m-a', ns.name)).toBe(full);
      // releasing the metadata-only leases stops those informers only: reads still come from the full ones
      await one.release();
      await two.release();
      await fullLease.release();
      expect((await cache.get(Widget, 'm-a', { namespace: ns.name })).spec).toEqual(full.spec);
      const again = await cache.getInformer(Widget, { metadataOnly: true });
      expect(again.stores.get(ns.name)).not.toBe(store);
      await again.release();
    } finally {
      controller.abort();
      await running;
    }
  });

  it('gives a kind cached metadata-only the same informers for full and metadata-only leases', async () => {
    const cache = new InformerCache({ client, byKind: [{ kind: Widget, metadataOnly: true }] });
    const controller = new AbortController();
    const running = cache.start(controller.signal);
    try {
      const meta = await cache.getInformer(Widget, { metadataOnly: true });
      const plain = await cache.getInformer(Widget);
      await plain.waitForSync();
      expect(plain.stores.get('')).toBe(meta.stores.get(''));
      expect(plain.stores.get('')?.get('m-b', ns.name)).not.toHaveProperty('spec');
      await meta.release();
      await plain.release();
    } finally {
      controller.abort();
      await running;
    }
  });
});
