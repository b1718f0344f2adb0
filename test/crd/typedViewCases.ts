/**
 * Typed views (`defineConfigMap`, `defineSecret`) at run time, as cases shared by the in-memory
 * runs (FakeClient, FakeApiServer) and the real kube-apiserver run: reads decode and writes encode
 * through every client, the informer cache keeps wire objects so a view never poisons the
 * informer it shares with plain readers, and an object that does not fit is a `CodecError` naming
 * it and the field, for that read only.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CachedClient, InformerCache, type InformerEvent } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { CodecError, isCodecError, type KubeObject, silentLogger, type UnstructuredObject } from '@kubekit/core';
import { defineConfigMap, defineSecret, type TypedSecret } from '@kubekit/crd';
import { Manager } from '@kubekit/manager';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { caught } from '../support/thrown.js';

/** A ConfigMap view whose `port` is a number. */
export const AppConfig = defineConfigMap({
  data: z.object({ port: z.coerce.number().int().min(1), mode: z.enum(['dev', 'prod']) }),
});

/** A Secret view: values decoded from base64 and checked. */
export const Db = defineSecret({ data: z.object({ username: z.string(), password: z.string().min(12) }) });
type Db = TypedSecret<{ username: string; password: string }>;

/** The calls the client cases make; `Client` and `FakeClient` both have them. */
export type ViewClient = Pick<Client, 'get' | 'list' | 'listAll' | 'create' | 'update' | 'patch' | 'apply' | 'watch'>;

/** Where a run's cases work: a client, and a namespace of their own. */
export interface ClientCaseEnv {
  client: ViewClient;
  namespace: string;
}

/** Where a run's cache cases work: a cluster and a namespace of their own (other namespaces may hold anything). */
export interface ClusterCaseEnv {
  kubeConfig: KubeConfig;
  namespace: string;
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const configMap = (namespace: string, name: string, data: Record<string, string>): UnstructuredObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

/** The `CodecError` of a read through `AppConfig` of ConfigMap `name`, whose `data.port` does not fit. */
function expectPortDoesNotFit(err: unknown, namespace: string, name: string): void {
  expect(err).toBeInstanceOf(CodecError);
  expect(isCodecError(err)).toBe(true);
  expect(err).toMatchObject({
    reason: 'Decode',
    retryable: false,
    object: { apiVersion: 'v1', kind: 'ConfigMap', namespace, name },
    path: 'data.port',
  });
  expect((err as Error).message).toContain(`ConfigMap "${namespace}/${name}"`);
  expect((err as Error).message).toContain('data.port');
}

/** Reads and writes through a client: `Client` on a server, or `FakeClient`. */
export function typedViewClientCases(env: () => ClientCaseEnv): void {
  let client: ViewClient;
  let ns: string;
  beforeAll(() => {
    ({ client, namespace: ns } = env());
  });

  it('a Secret view: create, get, list, update, patch and apply decode and encode base64', async () => {
    const secret: Db = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: ns },
      type: 'Opaque',
      data: { username: 'admin', password: 'correct horse battery' },
    };
    const stored = async (name: string) => (await client.get(builtinKinds.Secret, name, { namespace: ns })).data;

    const created = await client.create(secret, { kind: Db });
    expect(created.data).toEqual({ username: 'admin', password: 'correct horse battery' });
    expect(await stored('db')).toEqual({ username: b64('admin'), password: b64('correct horse battery') });

    const got = await client.get(Db, 'db', { namespace: ns });
    expect(got.data).toEqual({ username: 'admin', password: 'correct horse battery' });
    const listed = await client.list(Db, { namespace: ns, fieldSelector: { 'metadata.name': 'db' } });
    expect(listed.items.map((s) => s.data.password)).toEqual(['correct horse battery']);
    const all: string[] = [];
    for await (const s of client.listAll(Db, { namespace: ns, fieldSelector: { 'metadata.name': 'db' } })) {
      all.push(s.data.username);
    }
    expect(all).toEqual(['admin']);

    const updated = await client.update({ ...got, data: { ...got.data, password: 'ünïcødé passwörd' } }, { kind: Db });
    expect(updated.data.password).toBe('ünïcødé passwörd');
    expect((await stored('db'))?.password).toBe(b64('ünïcødé passwörd'));

    const patched = await client.patch(
      Db,
      'db',
      { type: 'merge', patch: { data: { username: 'root' } } },
      {
        namespace: ns,
      },
    );
    expect(patched.data).toEqual({ username: 'root', password: 'ünïcødé passwörd' });
    expect((await stored('db'))?.username).toBe(b64('root'));

    const applied = await client.apply(
      { ...secret, metadata: { name: 'db-applied', namespace: ns } },
      { kind: Db, fieldManager: 'typed-views' },
    );
    expect(applied.data.password).toBe('correct horse battery');
    expect(await stored('db-applied')).toEqual({ username: b64('admin'), password: b64('correct horse battery') });
  });

  it('a ConfigMap view reads "8080" as 8080: get, list, listAll, watch events and write answers', async () => {
    const written = await client.create(configMap(ns, 'app', { port: '8080', mode: 'prod' }));
    const got = await client.get(AppConfig, 'app', { namespace: ns });
    expect(got.data.port).toBe(8080);
    const one = { namespace: ns, fieldSelector: { 'metadata.name': 'app' } };
    expect((await client.list(AppConfig, one)).items.map((c) => c.data.port)).toEqual([8080]);
    for await (const c of client.listAll(AppConfig, one)) expect(c.data.port).toBe(8080);

    const ac = new AbortController();
    const events = client.watch(AppConfig, {
      ...one,
      resourceVersion: written.metadata?.resourceVersion,
      allowWatchBookmarks: false,
      signal: ac.signal,
    });
    const first = events.next();
    const updated = await client.update({ ...got, data: { ...got.data, port: 9090 } }, { kind: AppConfig });
    expect(updated.data.port).toBe(9090);
    const event = (await first).value;
    ac.abort();
    await events.return(undefined);
    expect(event).toMatchObject({ type: 'MODIFIED', object: { data: { port: 9090, mode: 'prod' } } });
    const raw = await client.get(builtinKinds.ConfigMap, 'app', { namespace: ns });
    expect(raw.data).toEqual({ port: '9090', mode: 'prod' });
  });

  it('an object that does not fit: a CodecError naming the object and the field, for that read only', async () => {
    await client.create(configMap(ns, 'bad-port', { port: 'eighty', mode: 'prod' }));
    expectPortDoesNotFit(await caught(client.get(AppConfig, 'bad-port', { namespace: ns })), ns, 'bad-port');
    const listed = await caught(client.list(AppConfig, { namespace: ns }));
    expectPortDoesNotFit(listed, ns, 'bad-port');
    // the same object through the plain kind, and other objects through the view, read as ever
    expect((await client.get(builtinKinds.ConfigMap, 'bad-port', { namespace: ns })).data?.port).toBe('eighty');
    expect((await client.get(AppConfig, 'app', { namespace: ns })).data.port).toBe(9090);
    // a write the view cannot encode sends nothing
    const app = await client.get(AppConfig, 'app', { namespace: ns });
    const err = await caught(client.update({ ...app, data: { ...app.data, port: 0 } }, { kind: AppConfig }));
    expect(err).toMatchObject({ reason: 'Encode', path: 'data.port', object: { namespace: ns, name: 'app' } });
    expect((await client.get(AppConfig, 'app', { namespace: ns })).data.port).toBe(9090);
  });
}

/** The informer cache, the cached client and a manager's client, on a cluster. */
export function typedViewCacheCases(env: () => ClusterCaseEnv): void {
  let kubeConfig: KubeConfig;
  let ns: string;
  let client: Client;
  beforeAll(async () => {
    ({ kubeConfig, namespace: ns } = env());
    client = new Client({ kubeConfig, qps: 0 });
    await client.create(configMap(ns, 'cache-app', { port: '8080', mode: 'dev' }));
    await client.create(configMap(ns, 'cache-other', { unrelated: 'yes' }));
    // written in the wire form, so these cases test the reads (the client cases test typed writes)
    await client.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cache-db', namespace: ns },
      type: 'Opaque',
      data: { username: b64('admin'), password: b64('correct horse battery') },
    });
  });
  afterAll(() => client?.close());

  it('a manager whose first ConfigMap reader is a view serves plain reads and ConfigMaps that do not fit', async () => {
    const mgr = new Manager({ kubeConfig, logger: silentLogger });
    let cachesStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      cachesStarted = resolve;
    });
    mgr.add({
      start: async (signal) => {
        cachesStarted();
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    });
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    try {
      await started;
      const app = await mgr.client.get(AppConfig, 'cache-app', { namespace: ns });
      expect(app.data).toEqual({ port: 8080, mode: 'dev' });
      const other = await mgr.client.get(builtinKinds.ConfigMap, 'cache-other', { namespace: ns });
      expect(other.data).toEqual({ unrelated: 'yes' });
      const names = (await mgr.client.list(builtinKinds.ConfigMap, { namespace: ns })).items.map(
        (c) => c.metadata?.name,
      );
      expect(names).toEqual(expect.arrayContaining(['cache-app', 'cache-other']));
      expect(mgr.client.metrics.snapshot()).toMatchObject({ cacheHits: 3, cacheMisses: 0 });
      const err = await caught(mgr.client.get(AppConfig, 'cache-other', { namespace: ns }));
      expect(err).toMatchObject({
        reason: 'Decode',
        object: { kind: 'ConfigMap', namespace: ns, name: 'cache-other' },
        path: 'data.port',
      });
      const listErr = await caught(mgr.client.list(AppConfig, { namespace: ns }));
      expect(listErr).toMatchObject({ reason: 'Decode', object: { name: 'cache-other' } });
      // one informer serves both: it is still synced and the plain reads still work
      expect((await mgr.client.get(builtinKinds.ConfigMap, 'cache-app', { namespace: ns })).data).toEqual({
        port: '8080',
        mode: 'dev',
      });
      const db = await mgr.client.get(Db, 'cache-db', { namespace: ns });
      expect(db.data.password).toBe('correct horse battery');
    } finally {
      stop.abort();
      await running;
    }
  });

  it('the cached client decodes reads, encodes writes, and reads its own typed writes from the cache', async () => {
    const cache = new InformerCache({ client });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      const cc = new CachedClient({ client, cache, logger: silentLogger });
      const before = await cc.get(AppConfig, 'cache-app', { namespace: ns });
      expect(before.data.port).toBe(8080);
      // decoded once per stored object: the same frozen object until it changes
      expect(await cc.get(AppConfig, 'cache-app', { namespace: ns })).toBe(before);
      expect(Object.isFrozen(before.data)).toBe(true);
      // a kind without a decode reads the stored object itself: no copy, no decode
      const plain = await cc.get(builtinKinds.ConfigMap, 'cache-app', { namespace: ns });
      expect(await cc.get(builtinKinds.ConfigMap, 'cache-app', { namespace: ns })).toBe(plain);
      expect(plain.data).toEqual({ port: '8080', mode: 'dev' });
      const updated = await cc.update({ ...before, data: { ...before.data, port: 8443 } }, { kind: AppConfig });
      expect(updated.data.port).toBe(8443);
      expect((await cc.get(AppConfig, 'cache-app', { namespace: ns })).data.port).toBe(8443);
      expect((await cc.get(builtinKinds.ConfigMap, 'cache-app', { namespace: ns })).data?.port).toBe('8443');
      const secrets = await cc.list(Db, { namespace: ns });
      expect(secrets.items.map((s) => s.data.username)).toEqual(['admin']);
      // reads that go to the server (here: a page) decode too
      const page = await cc.list(AppConfig, { namespace: ns, limit: 1 });
      expect(page.items.map((c) => c.data.port)).toEqual([8443]);
    } finally {
      stop.abort();
      await running;
    }
  });

  it('a cache that holds only metadata of a kind reads it through a view without decoding', async () => {
    const cache = new InformerCache({ client, namespaces: [ns], byKind: [{ kind: AppConfig, metadataOnly: true }] });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      expect(cache.decodes(AppConfig)).toBe(false);
      const other = await cache.get(AppConfig, 'cache-other', { namespace: ns });
      expect(other.metadata?.name).toBe('cache-other');
      expect(other).not.toHaveProperty('data');
    } finally {
      stop.abort();
      await running;
    }
  });

  it('a lease of a view hands its handlers the objects that fit, decoded; a plain lease sees every object', async () => {
    const cache = new InformerCache({ client, namespaces: [ns] });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      const view = await cache.getInformer(AppConfig);
      const plain = await cache.getInformer(builtinKinds.ConfigMap);
      await Promise.all([view.waitForSync(), plain.waitForSync()]);
      const viewEvents: InformerEvent<KubeObject>[] = [];
      const plainEvents: InformerEvent<KubeObject>[] = [];
      view.subscribe((e) => {
        viewEvents.push(e);
      });
      plain.subscribe((e) => {
        plainEvents.push(e);
      });
      const [store] = view.stores.values();
      expect(store?.get('cache-other', ns)).toBeUndefined();
      expect((store?.get('cache-app', ns) as { data?: unknown } | undefined)?.data).toMatchObject({ mode: 'dev' });
      // cache-other starts fitting (an add for the view), then stops fitting (a delete)
      const other = await client.get(builtinKinds.ConfigMap, 'cache-other', { namespace: ns });
      const fits = await client.update({ ...other, data: { port: '1', mode: 'dev' } });
      await client.update({ ...fits, data: { port: 'none', mode: 'dev' } });
      const byName = (events: InformerEvent<KubeObject>[]) =>
        events.filter((e) => e.object.metadata?.name === 'cache-other').map((e) => e.type);
      await waitFor(() => byName(plainEvents).length === 3);
      await waitFor(() => byName(viewEvents).length === 2);
      expect(byName(plainEvents)).toEqual(['add', 'update', 'update']);
      expect(byName(viewEvents)).toEqual(['add', 'delete']);
      const added = viewEvents.find((e) => e.object.metadata?.name === 'cache-other');
      expect(added?.object).toMatchObject({ data: { port: 1, mode: 'dev' } });
      await Promise.all([view.release(), plain.release()]);
    } finally {
      stop.abort();
      await running;
    }
  });
}

/** Polls between I/O turns (no timers) until `check` holds. */
async function waitFor(check: () => boolean, rounds = 50_000): Promise<void> {
  for (let i = 0; i < rounds && !check(); i++) await new Promise<void>((r) => setImmediate(r));
  expect(check()).toBe(true);
}
