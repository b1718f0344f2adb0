/**
 * Every operation of the client against the real API server, on the fixture CRDs: Widget
 * (namespaced, status + scale subresources, CEL rule, defaulted color) and Gadget (cluster-scoped).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, jsonPatch } from '@kubekit/client';
import { defineKind, type InvalidError, isConflict, isGone, isNotFound, type WatchEvent } from '@kubekit/core';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { z } from 'zod';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';
import { Widget } from '../support/widgets.js';

/** Widget mapped through discovery (no plural or scope declared). */
const WidgetGvk = { apiVersion: 'test.kubekit.dev/v1', kind: 'Widget' } as const;
const Gadget = { apiVersion: 'test.kubekit.dev/v1', kind: 'Gadget' } as const;

const widget = (name: string, spec: Widget['spec'] = {}, extra: Partial<Widget['metadata']> = {}): Widget => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name, ...extra },
  spec,
});

describeReal('Client against the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let c: Client; // the namespaced view
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('client');
    client = new Client({ kubeConfig: realServer().kubeConfig() });
    c = client.inNamespace(ns.name);
  });
  afterAll(async () => {
    client?.close();
    await ns?.cleanup();
  });

  describe('getRaw: paths that are no object', () => {
    it('reads /readyz as text and /version as JSON, with the client credentials', async () => {
      expect(await client.getRaw('/readyz')).toBe('ok');
      expect(await client.getRaw('/version')).toMatchObject({ gitVersion: expect.stringMatching(/^v1\.\d+/) });
      const wire = (await client.getRaw(`/api/v1/namespaces/${ns.name}/configmaps?limit=1`)) as { kind: string };
      expect(wire.kind).toBe('ConfigMapList');
    });

    it('asks for another representation with accept: the Table kubectl prints', async () => {
      const table = (await client.getRaw(`/api/v1/namespaces/${ns.name}/configmaps?includeObject=None`, {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      })) as { kind: string; columnDefinitions: Array<{ name: string }> };
      expect(table.kind).toBe('Table');
      expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
      const attempts = client.stats.attempts;
      for (const accept of ['', 'application/json\r\nX-Evil: 1']) {
        await expect(client.getRaw('/version', { accept })).rejects.toMatchObject({
          reason: 'InvalidInput',
          field: 'accept',
        });
      }
      expect(client.stats.attempts).toBe(attempts);
    });

    it('answers errors as typed errors, and refuses a path without a leading slash before sending', async () => {
      await expect(client.getRaw('/apis/no.such.group/v1')).rejects.toMatchObject({ name: 'NotFoundError', code: 404 });
      using restricted = new Client({ kubeConfig: realServer().kubeConfig('restricted') });
      await expect(restricted.getRaw(`/api/v1/namespaces/${ns.name}/configmaps`)).rejects.toMatchObject({
        name: 'ForbiddenError',
        code: 403,
      });
      const attempts = client.stats.attempts;
      await expect(client.getRaw('readyz')).rejects.toMatchObject({ reason: 'InvalidInput', field: 'path' });
      expect(client.stats.attempts).toBe(attempts);
    });
  });

  describe('create, get, list', () => {
    it('creates and reads back plain JSON with server defaults, by descriptor and by discovered GVK', async () => {
      const created = await client.create(widget('plain', { size: 2 }), { namespace: ns.name });
      expect(created.spec).toEqual({ size: 2, color: 'blue' });
      expect(typeof created.metadata?.creationTimestamp).toBe('string'); // not a Date
      const byDescriptor = await client.get(Widget, 'plain', { namespace: ns.name });
      const byGvk = await client.get(WidgetGvk, 'plain', { namespace: ns.name });
      expect(byDescriptor).toEqual(created);
      expect(byGvk.spec).toEqual({ size: 2, color: 'blue' });
      expect(Object.getPrototypeOf(byDescriptor)).toBe(Object.prototype);
    });

    it('lists with label and field selectors', async () => {
      await c.create(widget('sel-a', {}, { labels: { app: 'sel', tier: 'a' } }));
      await c.create(widget('sel-b', {}, { labels: { app: 'sel', tier: 'b' } }));
      const byPairs = await c.list(Widget, { labelSelector: { app: 'sel', tier: 'b' } });
      expect(byPairs.items.map((w) => w.metadata?.name)).toEqual(['sel-b']);
      const byString = await c.list(Widget, { labelSelector: 'app=sel,tier!=b' });
      expect(byString.items.map((w) => w.metadata?.name)).toEqual(['sel-a']);
      const byField = await c.list(Widget, { fieldSelector: { 'metadata.name': 'sel-a' } });
      expect(byField.items.map((w) => w.metadata?.name)).toEqual(['sel-a']);
      expect(byField.metadata.resourceVersion).toMatch(/^\d+$/);
    });

    it('pages with limit/continue and iterates over every page', async () => {
      for (let i = 0; i < 7; i++) await c.create(widget(`page-${i}`, {}, { labels: { app: 'paged' } }));
      const first = await c.list(Widget, { labelSelector: { app: 'paged' }, limit: 3 });
      expect(first.items).toHaveLength(3);
      expect(first.metadata.continue).toBeTruthy();
      const second = await c.list(Widget, {
        labelSelector: { app: 'paged' },
        limit: 3,
        continue: first.metadata.continue,
      });
      expect(second.items.map((w) => w.metadata?.name)).toEqual(['page-3', 'page-4', 'page-5']);
      const sizes: number[] = [];
      // a snapshot at the first list's resourceVersion: only the first page may name it
      const pages = c.listPages(Widget, {
        labelSelector: { app: 'paged' },
        pageSize: 3,
        resourceVersion: first.metadata.resourceVersion,
        resourceVersionMatch: 'Exact',
      });
      for await (const page of pages) {
        sizes.push(page.items.length);
      }
      expect(sizes).toEqual([3, 3, 1]);
      const names: string[] = [];
      for await (const w of c.listAll(Widget, { labelSelector: { app: 'paged' }, pageSize: 2 })) {
        names.push(w.metadata?.name ?? '');
      }
      expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
    });

    it('works on a cluster-scoped kind', async () => {
      const name = `${ns.name}-gadget`;
      const created = await client.create({ ...Gadget, metadata: { name }, spec: { a: 1 } });
      expect(created.metadata?.namespace).toBeUndefined();
      const got = await client.get(Gadget, name);
      expect(got.spec).toEqual({ a: 1 });
      // a namespaced view leaves cluster-scoped kinds alone
      expect((await c.get(Gadget, name)).metadata?.uid).toBe(created.metadata?.uid);
      await client.delete(Gadget, name);
      await expect(client.get(Gadget, name)).rejects.toMatchObject({ reason: 'NotFound', code: 404 });
    });

    it('validates reads with a descriptor decode (a zod parse)', async () => {
      const schema = z.looseObject({
        apiVersion: z.string(),
        kind: z.literal('Widget'),
        spec: z.object({ size: z.number().max(1), color: z.string() }),
      });
      const Strict = defineKind({
        apiVersion: 'test.kubekit.dev/v1',
        kind: 'Widget',
        plural: 'widgets',
        scope: 'Namespaced',
        decode: (wire) => schema.parse(wire),
      });
      await c.create(widget('zod-ok', { size: 1 }));
      await c.create(widget('zod-bad', { size: 5 }));
      const ok = await c.get(Strict, 'zod-ok');
      expect(ok.spec.size).toBe(1);
      await expect(c.get(Strict, 'zod-bad')).rejects.toThrow(/size/);
      // watches decode objects with the schema, but not bookmarks (they carry metadata only)
      const seen: string[] = [];
      for await (const e of c.watch(Strict, {
        fieldSelector: { 'metadata.name': 'zod-ok' },
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
      })) {
        seen.push(e.type);
        if (e.type === 'BOOKMARK') break;
      }
      expect(seen).toEqual(['ADDED', 'BOOKMARK']);
    });
  });

  describe('update', () => {
    it('replaces with optimistic concurrency: a stale resourceVersion is a Conflict', async () => {
      const created = await c.create(widget('upd', { size: 1 }));
      const updated = await c.update({ ...created, spec: { ...created.spec, size: 2 } });
      expect(updated.spec?.size).toBe(2);
      const stale = c.update({ ...created, spec: { size: 3 } });
      await expect(stale).rejects.toMatchObject({ reason: 'Conflict', code: 409, retryable: true });
      expect(isConflict(await stale.catch((e: unknown) => e))).toBe(true);
    });

    it('lets an unconditional update through to the server, which requires a resourceVersion for custom resources', async () => {
      await c.create(widget('uncond', { size: 1 }));
      const err = await c.update(widget('uncond', { size: 4 }), { unconditional: true }).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'Invalid', code: 422 });
      expect((err as InvalidError).causes.map((x) => x.field)).toEqual(['metadata.resourceVersion']);
    });

    it('dry-runs writes without persisting them', async () => {
      const dry = await c.create(widget('dry', { size: 1 }), { dryRun: true });
      expect(dry.metadata?.name).toBe('dry');
      await expect(c.get(Widget, 'dry')).rejects.toMatchObject({ reason: 'NotFound' });
    });

    it('asks for strict field validation: an unknown field is refused, naming the field', async () => {
      const bad = { ...widget('strict'), spec: { size: 1, bogus: true } } as Widget;
      await expect(c.create(bad, { fieldValidation: 'Strict' })).rejects.toMatchObject({
        reason: 'BadRequest',
        message: expect.stringContaining('bogus'),
      });
    });
  });

  describe('patch', () => {
    it('applies a JSON merge patch', async () => {
      await c.create(widget('merge', { size: 1 }));
      const patched = await c.patch(Widget, 'merge', { type: 'merge', patch: { spec: { size: 5, color: null } } });
      expect(patched.spec).toEqual({ size: 5, color: 'blue' }); // color removed, then defaulted again
    });

    it('applies a JSON Patch from the builder; a failed test operation is refused with 422', async () => {
      const created = await c.create(widget('jsonp', { size: 1 }));
      const patch = jsonPatch()
        .test('/metadata/resourceVersion', created.metadata?.resourceVersion)
        .replace('/spec/size', 6)
        .add(['metadata', 'labels'], { 'app.kubernetes.io/name': 'w' })
        .toPatch();
      const patched = await c.patch(Widget, 'jsonp', patch);
      expect(patched.spec?.size).toBe(6);
      expect(patched.metadata?.labels).toEqual({ 'app.kubernetes.io/name': 'w' });
      const again = c.patch(Widget, 'jsonp', patch); // the test op now fails
      await expect(again).rejects.toMatchObject({ code: 422 });
    });

    it('server-side applies with a field manager; a conflict needs force', async () => {
      const first = await c.apply(widget('ssa', { size: 1 }), { fieldManager: 'team-a' });
      expect(first.metadata?.managedFields?.some((f) => f.manager === 'team-a')).toBe(true);
      await expect(c.apply(widget('ssa', { size: 2 }), { fieldManager: 'team-b' })).rejects.toMatchObject({
        reason: 'Conflict',
        code: 409,
      });
      const forced = await c.apply(widget('ssa', { size: 2 }), { fieldManager: 'team-b', force: true });
      expect(forced.spec?.size).toBe(2);
    });

    it('sends strategic merge patches with their content type; custom resources refuse them with 415', async () => {
      await c.create(widget('smp', { size: 1 }));
      await expect(c.patch(Widget, 'smp', { type: 'strategic', patch: { spec: { size: 2 } } })).rejects.toMatchObject({
        reason: 'UnsupportedMediaType',
        code: 415,
      });
    });
  });

  describe('delete', () => {
    it('deletes with preconditions: a wrong uid is a Conflict, the right one deletes', async () => {
      const created = await c.create(widget('del', {}));
      await expect(c.delete(Widget, 'del', { preconditions: { uid: 'not-the-uid' } })).rejects.toMatchObject({
        reason: 'Conflict',
      });
      await c.delete(Widget, 'del', {
        preconditions: { uid: created.metadata?.uid ?? '' },
        propagationPolicy: 'Foreground',
        gracePeriodSeconds: 0,
      });
      const gone = await c.get(Widget, 'del').catch((e: unknown) => e);
      // foreground deletion may leave the object with a deletionTimestamp for a moment
      expect(isNotFound(gone) || (gone as Widget).metadata?.deletionTimestamp !== undefined).toBe(true);
      await expect(c.delete(Widget, 'never-was')).rejects.toMatchObject({ reason: 'NotFound' });
    });

    it('deletes all objects matching a selector', async () => {
      for (const n of ['all-1', 'all-2']) await c.create(widget(n, {}, { labels: { app: 'bulk' } }));
      await c.create(widget('all-keep', {}, { labels: { app: 'keep' } }));
      await c.deleteAllOf(Widget, { labelSelector: { app: 'bulk' } });
      expect((await c.list(Widget, { labelSelector: { app: 'bulk' } })).items).toEqual([]);
      expect((await c.list(Widget, { labelSelector: { app: 'keep' } })).items).toHaveLength(1);
    });
  });

  describe('subresources', () => {
    it('updates and patches status, leaving spec alone', async () => {
      const created = await c.create(widget('stat', { size: 1 }));
      const updated = await c.status().update({ ...created, spec: { size: 9 }, status: { phase: 'Ready' } });
      expect(updated.status).toEqual({ phase: 'Ready' });
      expect(updated.spec?.size).toBe(1);
      const patched = await c.status().patch(Widget, 'stat', { type: 'merge', patch: { status: { replicas: 2 } } });
      expect(patched.status).toEqual({ phase: 'Ready', replicas: 2 });
      await expect(c.status().update(created)).rejects.toMatchObject({ reason: 'Conflict' });
    });

    it('reads and writes the scale subresource', async () => {
      await c.create(widget('scaled', { replicas: 1 }));
      const scale = await c
        .subResource('scale')
        .get<{ spec: { replicas: number }; metadata: { resourceVersion: string } }>(Widget, 'scaled');
      expect(scale.spec.replicas).toBe(1);
      const updated = await c.subResource('scale').update(Widget, 'scaled', { ...scale, spec: { replicas: 4 } });
      expect(updated.spec.replicas).toBe(4);
      expect((await c.get(Widget, 'scaled')).spec?.replicas).toBe(4);
      await c.subResource('scale').patch(Widget, 'scaled', { type: 'merge', patch: { spec: { replicas: 0 } } });
      expect((await c.get(Widget, 'scaled')).spec?.replicas).toBe(0);
    });

    it('discovers subresources and verbs', async () => {
      const m = await client.restMapper.mapping(WidgetGvk);
      expect(m).toMatchObject({ resource: 'widgets', scope: 'Namespaced' });
      expect([...m.subresources].sort()).toEqual(['scale', 'status']);
      expect(m.verbs).toContain('watch');
      expect((await client.restMapper.mapping(Gadget)).scope).toBe('Cluster');
    });
  });

  describe('watch', () => {
    it('streams typed events for changes after a list, and ends on abort', async () => {
      const list = await c.list(Widget, { labelSelector: { app: 'watched' } });
      const ac = new AbortController();
      const events: WatchEvent<Widget>[] = [];
      const done = (async () => {
        for await (const e of c.watch(Widget, {
          labelSelector: { app: 'watched' },
          resourceVersion: list.metadata.resourceVersion,
          signal: ac.signal,
        })) {
          events.push(e);
          if (e.type === 'DELETED') ac.abort();
        }
      })();
      const w = await c.create(widget('w1', { size: 1 }, { labels: { app: 'watched' } }));
      await c.update({ ...w, spec: { size: 2 } });
      await c.delete(Widget, 'w1');
      await done;
      const changes = events.filter((e) => e.type !== 'BOOKMARK');
      expect(changes.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      const modified = changes[1];
      expect(modified?.type === 'MODIFIED' && modified.object.spec?.size).toBe(2);
    });

    it('reports a watch from a too-old resourceVersion as an ERROR event carrying a typed 410', async () => {
      const events: WatchEvent<Widget>[] = [];
      for await (const e of c.watch(Widget, { resourceVersion: '1' })) events.push(e);
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event?.type).toBe('ERROR');
      if (event?.type !== 'ERROR') return;
      expect(isGone(event.error)).toBe(true);
      expect(event.error).toMatchObject({ code: 410, reason: 'Expired' });
    });
  });
});
