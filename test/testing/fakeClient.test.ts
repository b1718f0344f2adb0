import { describe, expect, it } from '@jest/globals';
import {
  builtinKinds,
  Client,
  isNoKindMatch,
  type KubeClient,
  type Reader,
  type StatusWriter,
  type Writer,
} from '@kubekit/client';
import {
  apiErrorFrom,
  ConflictError,
  defineKind,
  isAlreadyExists,
  isConflict,
  isGone,
  isInvalid,
  isInvalidInput,
  isNotFound,
  isStatus,
  NotFoundError,
  type WatchEvent,
} from '@kubekit/core';
import { FakeApiServer, FakeClient, fakeIndex } from '@kubekit/testing';
import { z } from 'zod';
import { FIXTURE_CRDS } from '../support/paths.js';
import { caught } from '../support/thrown.js';
import { Widget } from '../support/widgets.js';

const { ConfigMap, Pod, Namespace } = builtinKinds;

const cm = (name: string, data: Record<string, string> = { a: '1' }, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

const widget = (name: string, spec: Widget['spec'] = { size: 1 }): Widget => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name, namespace: 'default' },
  spec,
});

describe('FakeClient', () => {
  it('implements the client interfaces (type-level)', async () => {
    using fake = await FakeClient.create();
    const r: Reader = fake;
    const w: Writer = fake;
    const s: StatusWriter = fake.status();
    const k: KubeClient = fake;
    expect([r, w, s, k].every(Boolean)).toBe(true);
  });

  it('creates, gets, lists, updates, patches and deletes', async () => {
    using fake = await FakeClient.create({ objects: [cm('seeded')] });
    const created = await fake.create(cm('c1'));
    expect(created.metadata?.uid).toBeDefined();
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    const got = await fake.get(ConfigMap, 'c1', { namespace: 'default' });
    expect(got.data).toEqual({ a: '1' });
    const list = await fake.list(ConfigMap, { namespace: 'default' });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['c1', 'seeded']);
    const updated = await fake.update({ ...got, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    const patched = await fake.patch(
      ConfigMap,
      'c1',
      { type: 'merge', patch: { data: { b: '3' } } },
      {
        namespace: 'default',
      },
    );
    expect(patched.data).toEqual({ a: '2', b: '3' });
    const jsonPatched = await fake.patch(
      ConfigMap,
      'c1',
      { type: 'json', operations: [{ op: 'remove', path: '/data/a' }] },
      { namespace: 'default' },
    );
    expect(jsonPatched.data).toEqual({ b: '3' });
    await fake.delete(ConfigMap, 'c1', { namespace: 'default' });
    expect(isNotFound(await caught(fake.get(ConfigMap, 'c1', { namespace: 'default' })))).toBe(true);
    await fake.deleteAllOf(ConfigMap, { namespace: 'default' });
    expect((await fake.list(ConfigMap, { namespace: 'default' })).items).toEqual([]);
  });

  it('applies server-side with a field manager and conflicts without force', async () => {
    using fake = await FakeClient.create();
    const applied = await fake.apply(cm('a1', { k: 'v' }), { fieldManager: 'one' });
    expect(applied.data).toEqual({ k: 'v' });
    expect((applied.metadata as { managedFields?: Array<{ manager?: string }> }).managedFields?.[0]?.manager).toBe(
      'one',
    );
    const err = await caught(fake.apply(cm('a1', { k: 'w' }), { fieldManager: 'two' }));
    expect(isConflict(err)).toBe(true);
    const forced = await fake.apply(cm('a1', { k: 'w' }), { fieldManager: 'two', force: true });
    expect(forced.data).toEqual({ k: 'w' });
  });

  it('pages lists with limit/continue and listAll', async () => {
    using fake = await FakeClient.create({ objects: ['a', 'b', 'c', 'd', 'e'].map((n) => cm(n)) });
    const first = await fake.list(ConfigMap, { namespace: 'default', limit: 2 });
    expect(first.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata.continue).toBeTruthy();
    const names: string[] = [];
    for await (const o of fake.listAll(ConfigMap, { namespace: 'default', pageSize: 2 }))
      names.push(o.metadata?.name ?? '');
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('lists items with apiVersion and kind, as Client.list gives them (built-in and custom kinds)', async () => {
    using fake = await FakeClient.create({ crds: [FIXTURE_CRDS], objects: [cm('a'), cm('b'), widget('w')] });
    const typeOf = (o: { apiVersion?: string; kind?: string }) => `${o.apiVersion}/${o.kind}`;
    expect((await fake.list(ConfigMap, { namespace: 'default' })).items.map(typeOf)).toEqual([
      'v1/ConfigMap',
      'v1/ConfigMap',
    ]);
    const pages: string[] = [];
    for await (const o of fake.listAll({ apiVersion: 'v1', kind: 'ConfigMap' }, { pageSize: 1 })) pages.push(typeOf(o));
    expect(pages).toEqual(['v1/ConfigMap', 'v1/ConfigMap']);
    expect((await fake.list(Widget)).items.map(typeOf)).toEqual(['test.kubekit.dev/v1/Widget']);
    const listed = (await fake.list(ConfigMap, { namespace: 'default' })).items[0];
    if (!listed) throw new Error('nothing listed');
    expect((await fake.update({ ...listed, data: { a: '2' } })).data).toEqual({ a: '2' });
  });

  it('selects by labels and namespace views', async () => {
    const labelled = { ...cm('l1'), metadata: { name: 'l1', namespace: 'team', labels: { app: 'web' } } };
    using fake = await FakeClient.create({ objects: [labelled, cm('l2', {}, 'team'), cm('other')] });
    const team = fake.inNamespace('team');
    expect((await team.list(ConfigMap)).items).toHaveLength(2);
    const web = await team.list(ConfigMap, { labelSelector: { app: 'web' } });
    expect(web.items.map((i) => i.metadata?.name)).toEqual(['l1']);
    expect((await team.get(ConfigMap, 'l2')).metadata?.namespace).toBe('team');
    expect((await fake.list(ConfigMap)).items.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a stale resourceVersion with a ConflictError', async () => {
    using fake = await FakeClient.create({ objects: [cm('rv')] });
    const v1 = await fake.get(ConfigMap, 'rv', { namespace: 'default' });
    await fake.update({ ...v1, data: { a: 'x' } });
    const err = await caught(fake.update({ ...v1, data: { a: 'y' } }));
    expect(err).toBeInstanceOf(ConflictError);
    expect(isConflict(err)).toBe(true);
    expect((err as ConflictError).code).toBe(409);
  });

  it('bumps generation on spec changes only, and isolates status', async () => {
    using fake = await FakeClient.create({ crds: [FIXTURE_CRDS] });
    const w = await fake.create({ ...widget('g1'), status: { phase: 'ignored' } });
    expect(w.metadata?.generation).toBe(1);
    expect(w.status).toBeUndefined();
    expect(w.spec?.color).toBe('blue'); // schema default, as on the server
    const labelled = await fake.update({ ...w, metadata: { ...w.metadata, labels: { x: 'y' } } });
    expect(labelled.metadata?.generation).toBe(1);
    const respec = await fake.update({ ...labelled, spec: { ...labelled.spec, size: 2 }, status: { phase: 'no' } });
    expect(respec.metadata?.generation).toBe(2);
    expect(respec.status).toBeUndefined();
    const withStatus = await fake.status().update({ ...respec, spec: { size: 9 }, status: { phase: 'Ready' } });
    expect(withStatus.status).toEqual({ phase: 'Ready' });
    expect(withStatus.spec?.size).toBe(2);
    expect(withStatus.metadata?.generation).toBe(2);
    const patched = await fake
      .status()
      .patch(Widget, 'g1', { type: 'merge', patch: { status: { replicas: 3 } } }, { namespace: 'default' });
    expect(patched.status).toEqual({ phase: 'Ready', replicas: 3 });
  });

  it('validates custom resources against their schema (Invalid)', async () => {
    using fake = await FakeClient.create({ crds: [FIXTURE_CRDS] });
    const err = await caught(fake.create(widget('neg', { replicas: -1 })));
    expect(isInvalid(err)).toBe(true);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    using fake = await FakeClient.create();
    await fake.create({ ...cm('f1'), metadata: { name: 'f1', namespace: 'default', finalizers: ['kubekit.dev/x'] } });
    await fake.delete(ConfigMap, 'f1', { namespace: 'default' });
    const deleting = await fake.get(ConfigMap, 'f1', { namespace: 'default' });
    expect(deleting.metadata?.deletionTimestamp).toBeDefined();
    const err = await caught(
      fake.update({ ...deleting, metadata: { ...deleting.metadata, finalizers: ['kubekit.dev/x', 'new'] } }),
    );
    expect(isInvalid(err)).toBe(true);
    await fake.update({ ...deleting, metadata: { ...deleting.metadata, finalizers: [] } });
    expect(isNotFound(await caught(fake.get(ConfigMap, 'f1', { namespace: 'default' })))).toBe(true);
  });

  it('answers the client error classes: NotFound, AlreadyExists, NoKindMatch', async () => {
    using fake = await FakeClient.create({ objects: [cm('dup')] });
    const missing = await caught(fake.get(ConfigMap, 'nope', { namespace: 'default' }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).status.reason).toBe('NotFound');
    expect(isAlreadyExists(await caught(fake.create(cm('dup'))))).toBe(true);
    expect(isNoKindMatch(await caught(fake.get({ apiVersion: 'nope.dev/v1', kind: 'Thing' }, 'x')))).toBe(true);
    expect(isNoKindMatch(await caught(fake.list(Widget)))).toBe(true); // no CRD installed
    expect(isNotFound(await caught(fake.create(cm('x', {}, 'no-such-namespace'))))).toBe(true);
  });

  it('gives the same errors as FakeApiServer + Client over HTTP on one shared storage', async () => {
    using fake = await FakeClient.create({ objects: [cm('shared')] });
    await using server = await FakeApiServer.start({ storage: fake.storage, tls: false });
    const http = new Client({ kubeConfig: server.kubeConfig, maxRetries: 0 });
    try {
      // writes are visible both ways
      await http.create(cm('over-http'));
      expect((await fake.get(ConfigMap, 'over-http', { namespace: 'default' })).metadata?.name).toBe('over-http');
      expect((await http.get(ConfigMap, 'shared', { namespace: 'default' })).data).toEqual({ a: '1' });
      const stale = await fake.get(ConfigMap, 'shared', { namespace: 'default' });
      await fake.update({ ...stale, data: { a: '2' } });
      const cases: Array<(c: Reader & Writer) => Promise<unknown>> = [
        (c) => c.get(ConfigMap, 'nope', { namespace: 'default' }),
        (c) => c.create(cm('shared')),
        (c) => c.update({ ...stale, data: { a: '3' } }),
        (c) => c.create(cm('x', {}, 'no-such-namespace')),
        (c) =>
          c.patch(
            ConfigMap,
            'shared',
            { type: 'json', operations: [{ op: 'test', path: '/data/a', value: 'z' }] },
            {
              namespace: 'default',
            },
          ),
      ];
      for (const run of cases) {
        const viaFake = (await caught(run(fake))) as { name: string; reason: string; code: number; status: object };
        const viaHttp = (await caught(run(http))) as typeof viaFake;
        expect(viaFake.constructor).toBe(viaHttp.constructor);
        expect([viaFake.reason, viaFake.code]).toEqual([viaHttp.reason, viaHttp.code]);
        expect(viaFake.status).toEqual(viaHttp.status);
      }
      // bad input: the same InvalidInputError, field and message, from the same validators
      const badInput: Array<(c: Reader & Writer) => Promise<unknown>> = [
        (c) => c.create(cm('Bad_Name')),
        (c) => c.get(ConfigMap, 'x'),
        (c) => c.get(Namespace, 'x', { namespace: 'default' }),
        (c) => c.update(cm('no-rv')),
        (c) => c.list(ConfigMap, { limit: -1 }),
        (c) => c.patch(ConfigMap, 'x', { type: 'merge', patch: {} }, { namespace: 'default', force: true }),
      ];
      for (const run of badInput) {
        const viaFake = (await caught(run(fake))) as { field: string; message: string };
        const viaHttp = (await caught(run(http))) as typeof viaFake;
        expect(isInvalidInput(viaFake)).toBe(true);
        expect([viaFake.field, viaFake.message]).toEqual([viaHttp.field, viaHttp.message]);
      }
    } finally {
      http.close();
    }
  });

  it('refuses bad input with the same InvalidInputError as Client, before the store', async () => {
    let creates = 0;
    using fake = await FakeClient.create();
    const before = fake.storage.resourceVersion;
    const bad: Array<() => Promise<unknown>> = [
      () => fake.create(cm('Bad_Name')),
      () => fake.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }),
      () => fake.create({ ...cm('x'), metadata: { name: 'x' } }, { namespace: '' }).then(() => creates++),
      () => fake.get(ConfigMap, 'x'),
      () => fake.get(Namespace, 'x', { namespace: 'default' }),
      () => fake.update(cm('no-rv')),
      () => fake.list(ConfigMap, { limit: 0 }),
      () => fake.patch(ConfigMap, 'x', { type: 'merge', patch: {} }, { namespace: 'default', force: true }),
      () => fake.create({ ...cm('x'), metadata: { name: 'x', namespace: 'a' } }, { namespace: 'b' }),
    ];
    for (const run of bad) {
      const err = await caught(run());
      expect(isInvalidInput(err)).toBe(true);
    }
    expect(creates).toBe(0);
    expect(fake.storage.resourceVersion).toBe(before);
  });

  it('never hands out the stored objects, nor keeps the caller’s', async () => {
    using fake = await FakeClient.create();
    const input = cm('alias');
    const created = await fake.create(input);
    input.data.a = 'changed-input';
    created.data = { a: 'changed-result' };
    const got = await fake.get(ConfigMap, 'alias', { namespace: 'default' });
    expect(got.data).toEqual({ a: '1' });
    got.data = { a: 'changed-get' };
    const listed = await fake.list(ConfigMap, { namespace: 'default' });
    (listed.items[0] as { data: Record<string, string> }).data.a = 'changed-list';
    const patch = { data: { b: '2' } };
    await fake.patch(ConfigMap, 'alias', { type: 'merge', patch }, { namespace: 'default' });
    patch.data.b = 'changed-patch';
    expect((await fake.get(ConfigMap, 'alias', { namespace: 'default' })).data).toEqual({ a: '1', b: '2' });
  });

  it('runs interceptors: fails the 3rd update with a Conflict and counts calls', async () => {
    let updates = 0;
    const gets: string[] = [];
    using fake = await FakeClient.create({
      objects: [cm('i1')],
      interceptors: {
        update: async (call, next) => {
          updates += 1;
          if (updates === 3) {
            throw apiErrorFrom({ code: 409, status: { kind: 'Status', reason: 'Conflict', message: 'injected' } });
          }
          return next(call);
        },
        get: async (call, next) => {
          gets.push(call.name);
          return next(call);
        },
      },
    });
    for (let i = 0; i < 2; i++) {
      const cur = await fake.get(ConfigMap, 'i1', { namespace: 'default' });
      await fake.update({ ...cur, data: { a: String(i) } });
    }
    const cur = await fake.get(ConfigMap, 'i1', { namespace: 'default' });
    expect(isConflict(await caught(fake.update({ ...cur, data: { a: 'x' } })))).toBe(true);
    expect(updates).toBe(3);
    expect(gets).toEqual(['i1', 'i1', 'i1']);
    const after = await fake.get(ConfigMap, 'i1', { namespace: 'default' });
    expect(after.data).toEqual({ a: '1' });
  });

  it('routes status writes through the subResource interceptor', async () => {
    const seen: string[] = [];
    using fake = await FakeClient.create({
      crds: [FIXTURE_CRDS],
      objects: [widget('s1', { replicas: 2 })],
      interceptors: {
        subResource: async (call, next) => {
          seen.push(`${call.subresource}:${call.operation}`);
          return next(call);
        },
      },
    });
    const w = await fake.get(Widget, 's1', { namespace: 'default' });
    await fake.status().update({ ...w, status: { phase: 'Ready' } });
    const scale = await fake.subResource('scale').get<{ spec: { replicas: number } }>(Widget, 's1', {
      namespace: 'default',
    });
    expect(scale.spec.replicas).toBe(2);
    expect(isNotFound(await caught(fake.subResource('eviction').get(Widget, 's1', { namespace: 'default' })))).toBe(
      true,
    );
    expect(seen).toEqual(['status:update', 'scale:get', 'eviction:get']);
  });

  it('writes the scale and status subresources like the server', async () => {
    using fake = await FakeClient.create({ crds: [FIXTURE_CRDS], objects: [widget('sc', { replicas: 1 })] });
    const scale = fake.subResource('scale');
    const at = { namespace: 'default' };
    const updated = await scale.update(Widget, 'sc', { spec: { replicas: 4 } }, at);
    expect((updated as { spec: { replicas: number } }).spec.replicas).toBe(4);
    await scale.patch(Widget, 'sc', { type: 'merge', patch: { spec: { replicas: 5 } } }, at);
    const w = await fake.get(Widget, 'sc', at);
    expect(w.spec?.replicas).toBe(5);
    expect(w.metadata?.generation).toBe(3);
    // status through the generic subresource client, kind and namespace from the call
    const { apiVersion: _a, kind: _k, ...bare } = w;
    await fake.subResource('status').update(Widget, 'sc', { ...bare, status: { phase: 'Up' } }, at);
    expect((await fake.get(Widget, 'sc', at)).status).toEqual({ phase: 'Up' });
    expect(isInvalidInput(await caught(fake.status().update({ ...widget('sc'), status: {} })))).toBe(true);
    expect(((await caught(scale.create(Widget, 'sc', {}, at))) as { reason: string }).reason).toBe('MethodNotAllowed');
  });

  it('answers field selectors on indexes', async () => {
    const pod = (name: string, node: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName: node, containers: [{ name: 'c', image: 'i' }] },
    });
    using fake = await FakeClient.create({
      objects: [pod('p1', 'n1'), pod('p2', 'n2'), pod('p3', 'n1'), pod('p4', 'n1')],
      indexes: [fakeIndex(Pod, 'byNode', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []))],
    });
    const onN1 = await fake.list(Pod, { fieldSelector: { byNode: 'n1' } });
    expect(onN1.items.map((p) => p.metadata?.name)).toEqual(['p1', 'p3', 'p4']);
    const notN1 = await fake.list(Pod, { fieldSelector: 'byNode!=n1' });
    expect(notN1.items.map((p) => p.metadata?.name)).toEqual(['p2']);
    const both = await fake.list(Pod, { fieldSelector: { byNode: 'n1', 'metadata.name': 'p3' } });
    expect(both.items.map((p) => p.metadata?.name)).toEqual(['p3']);
    const page = await fake.list(Pod, { fieldSelector: { byNode: 'n1' }, limit: 2 });
    expect(page.items.map((p) => p.metadata?.name)).toEqual(['p1', 'p3']);
    const rest = await fake.list(Pod, { fieldSelector: { byNode: 'n1' }, continue: page.metadata.continue ?? '' });
    expect(rest.items.map((p) => p.metadata?.name)).toEqual(['p4']);
    // an unindexed, unsupported field is the server's BadRequest
    expect(((await caught(fake.list(Pod, { fieldSelector: { nope: 'x' } }))) as { reason: string }).reason).toBe(
      'BadRequest',
    );
    // the selector is parsed as the server parses it before indexes split it: `in` is refused, not
    // read as a term of its own, and a bad label selector is named first
    expect(await caught(fake.list(Pod, { fieldSelector: 'byNode in (n1,n2)' }))).toMatchObject({
      name: 'BadRequestError',
      message: "invalid selector: 'byNode in (n1,n2)'; can't understand 'byNode in (n1'",
    });
    expect(await caught(fake.list(Pod, { labelSelector: 'a b', fieldSelector: 'byNode in (n1,n2)' }))).toMatchObject({
      name: 'BadRequestError',
      message: expect.stringMatching(/^unable to parse requirement: found 'b'/),
    });
    // an escaped `,` stays inside its value
    const escaped = await fake.list(Pod, { fieldSelector: 'byNode=n1,metadata.name!=p\\,1' });
    expect(escaped.items.map((p) => p.metadata?.name)).toEqual(['p1', 'p3', 'p4']);
  });

  it('watches: initial ADDED, then MODIFIED and DELETED as writes happen', async () => {
    using fake = await FakeClient.create({ objects: [cm('w1')] });
    const ac = new AbortController();
    const events: Array<WatchEvent> = [];
    const stream = fake.watch(ConfigMap, { namespace: 'default', signal: ac.signal, allowWatchBookmarks: false });
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    events.push(first.value as WatchEvent);
    const cur = await fake.get(ConfigMap, 'w1', { namespace: 'default' });
    await fake.update({ ...cur, data: { a: '2' } });
    events.push((await it.next()).value as WatchEvent);
    await fake.delete(ConfigMap, 'w1', { namespace: 'default' });
    events.push((await it.next()).value as WatchEvent);
    ac.abort();
    expect((await it.next()).done).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const modified = events[1] as { object: { data?: Record<string, string> } };
    expect(modified.object.data).toEqual({ a: '2' });
  });

  it("watch decodes objects with the kind's decode but passes bookmarks through", async () => {
    const schema = z.looseObject({
      apiVersion: z.string(),
      kind: z.string(),
      metadata: z.looseObject({ name: z.string() }),
      data: z.record(z.string(), z.string()),
    });
    const TypedConfigMap = defineKind({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      plural: 'configmaps',
      scope: 'Namespaced',
      decode: (wire) => schema.parse(wire),
    });
    using fake = await FakeClient.create({ objects: [cm('typed')] });
    const events: WatchEvent[] = [];
    for await (const e of fake.watch(TypedConfigMap, {
      namespace: 'default',
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
    })) {
      events.push(e);
      if (e.type === 'BOOKMARK') break;
    }
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'BOOKMARK']);
    const added = events[0] as { object: { data?: Record<string, string> } };
    expect(added.object.data).toEqual({ a: '1' });
  });

  it('watch from a compacted resourceVersion yields one ERROR event with a GoneError', async () => {
    using fake = await FakeClient.create({ objects: [cm('old')] });
    const rv = fake.storage.resourceVersion;
    await fake.create(cm('newer'));
    fake.storage.compact();
    const events: WatchEvent[] = [];
    for await (const e of fake.watch(ConfigMap, { namespace: 'default', resourceVersion: String(Number(rv) - 1) }))
      events.push(e);
    expect(events).toHaveLength(1);
    const [only] = events;
    expect(only?.type).toBe('ERROR');
    expect(only?.type === 'ERROR' && isGone(only.error)).toBe(true);
  });

  it('garbage-collects dependents of a deleted owner (same engine as the server)', async () => {
    using fake = await FakeClient.create();
    const owner = await fake.create(cm('owner'));
    await fake.create({
      ...cm('child'),
      metadata: {
        name: 'child',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid ?? '' }],
      },
    });
    await fake.delete(ConfigMap, 'owner', { namespace: 'default' });
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(isNotFound(await caught(fake.get(ConfigMap, 'child', { namespace: 'default' })))).toBe(true);
  });

  it('reads metadata only, as Client does: get, list and watch answer PartialObjectMetadata', async () => {
    using fake = await FakeClient.create({ objects: [cm('m1')] });
    const one = await fake.get(ConfigMap, 'm1', { namespace: 'default', metadataOnly: true });
    expect(one).toEqual({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: expect.objectContaining({ name: 'm1', namespace: 'default' }),
    });
    const list = await fake.list(ConfigMap, { namespace: 'default', metadataOnly: true });
    expect([list.kind, list.items.map((o) => [o.kind, o.metadata.name, 'data' in o])]).toEqual([
      'PartialObjectMetadataList',
      [['PartialObjectMetadata', 'm1', false]],
    ]);
    const stop = new AbortController();
    const events = fake.watch(ConfigMap, {
      namespace: 'default',
      metadataOnly: true,
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: false,
      signal: stop.signal,
    });
    const first = await events.next();
    stop.abort();
    expect(first.value).toEqual({
      type: 'ADDED',
      object: { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: one.metadata },
    });
    await events.return(undefined);
  });

  it('deletes all of a kind by selector, in one namespace', async () => {
    const labelled = (name: string, tier: string, namespace = 'default') => ({
      ...cm(name),
      metadata: { name, namespace, labels: { tier } },
    });
    using fake = await FakeClient.create({
      objects: [labelled('a', 'web'), labelled('b', 'db'), labelled('c', 'web'), labelled('d', 'web', 'other')],
      indexes: [fakeIndex(ConfigMap, 'firstKey', (o) => Object.keys(o.data ?? {}))],
    });
    const answer = await fake.deleteAllOf(ConfigMap, { namespace: 'default', labelSelector: { tier: 'web' } });
    // the answer `Client.deleteAllOf` gives: the list of what was deleted, each item with its kind
    expect(isStatus(answer) ? answer : answer.items.map((o) => [o.kind, o.metadata?.name])).toEqual([
      ['ConfigMap', 'a'],
      ['ConfigMap', 'c'],
    ]);
    expect((await fake.list(ConfigMap, { namespace: 'default' })).items.map((o) => o.metadata?.name)).toEqual(['b']);
    expect((await fake.list(ConfigMap, { namespace: 'other' })).items).toHaveLength(1);
    await fake.deleteAllOf(ConfigMap, { namespace: 'other', fieldSelector: { firstKey: 'a' } });
    expect((await fake.list(ConfigMap, { namespace: 'other' })).items).toHaveLength(0);
    expect(isInvalidInput(await caught(fake.deleteAllOf(ConfigMap)))).toBe(true);
  });

  it('honours dryRun and delete preconditions', async () => {
    using fake = await FakeClient.create({ objects: [cm('d1')] });
    await fake.create(cm('dry'), { dryRun: true });
    expect(isNotFound(await caught(fake.get(ConfigMap, 'dry', { namespace: 'default' })))).toBe(true);
    const err = await caught(
      fake.delete(ConfigMap, 'd1', { namespace: 'default', preconditions: { resourceVersion: '1' } }),
    );
    expect(isConflict(err)).toBe(true);
  });

  it('rejects calls whose signal is aborted', async () => {
    using fake = await FakeClient.create({ objects: [cm('s')] });
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    expect(
      ((await caught(fake.get(ConfigMap, 's', { namespace: 'default', signal: ac.signal }))) as Error).message,
    ).toBe('stop');
  });
});
