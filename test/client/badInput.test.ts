/**
 * Input JSON cannot carry, and input of the wrong shape, is refused with an `InvalidInputError`
 * naming the field — never a bare `TypeError` — and nothing is written. The same cases run on
 * `Client` (over FakeApiServer), `CachedClient` (whose writes go through its `Client`) and
 * `FakeClient`, which share the checks of `@kubekit/client`'s validation module.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import { InvalidInputError, isInvalidInput, type KindRef, type KubeObject } from '@kubekit/core';
import { FakeApiServer, FakeClient } from '@kubekit/testing';

const NS = 'bad-input';
const ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap' } as const;

/** A ConfigMap `bad` in {@link NS}, with `extra` fields on top. */
const configMap = (extra: Record<string, unknown> = {}): KubeObject => ({
  ...ConfigMap,
  metadata: { name: 'bad', namespace: NS },
  ...extra,
});

/** A ConfigMap whose `data.self` is the ConfigMap itself. */
function selfCycle(): KubeObject {
  const obj = configMap({ data: {} });
  (obj as { data: Record<string, unknown> }).data.self = obj;
  return obj;
}

/** A ConfigMap whose `data.loop` is `data`. */
function innerCycle(): KubeObject {
  const data: Record<string, unknown> = {};
  data.loop = data;
  return configMap({ data });
}

type Case = [what: string, call: (c: Client) => Promise<unknown>, field: string, says: string];

/** The arguments are cast: these calls are what JavaScript callers (or `as any`) can make. */
const bad = <T>(value: unknown): T => value as T;

const cases: Case[] = [
  ['create(null)', (c) => c.create(bad(null)), 'object', 'must be an object, got null'],
  ['update(undefined)', (c) => c.update(bad(undefined)), 'object', 'must be an object, got undefined'],
  ['apply of an array', (c) => c.apply(bad([])), 'object', 'must be an object, got an array'],
  ['status().update of a string', (c) => c.status().update(bad('cm')), 'object', 'must be an object, got a string'],
  ['an object that contains itself', (c) => c.create(selfCycle()), 'data.self', 'refers back to the object itself'],
  ['a cycle inside the object', (c) => c.create(innerCycle()), 'data.loop', 'refers back to data'],
  [
    'a BigInt',
    (c) => c.update(configMap({ data: { size: 3n } }), { unconditional: true }),
    'data.size',
    'BigInt values cannot be sent as JSON',
  ],
  [
    'a Symbol (JSON.stringify would drop it)',
    (c) => c.apply(configMap({ data: { tag: Symbol('tag') } })),
    'data.tag',
    'Symbol values cannot be sent as JSON',
  ],
  [
    'a BigInt under a key with dots',
    (c) => c.create(configMap({ metadata: { name: 'bad', namespace: NS, labels: { 'app.kubernetes.io/name': 1n } } })),
    'metadata.labels["app.kubernetes.io/name"]',
    'BigInt',
  ],
  [
    'a Symbol in a list',
    (c) => c.create(configMap({ metadata: { name: 'bad', namespace: NS, finalizers: ['a/b', Symbol('x')] } })),
    'metadata.finalizers[1]',
    'Symbol',
  ],
  ['a Symbol apiVersion', (c) => c.create(bad({ ...configMap(), apiVersion: Symbol('v1') })), 'apiVersion', 'symbol'],
  ['patch(null)', (c) => c.patch(ConfigMap, 'bad', bad(null), { namespace: NS }), 'patch', 'got null'],
  [
    'a merge patch without its body',
    (c) => c.patch(ConfigMap, 'bad', bad({ type: 'merge', object: {} }), { namespace: NS }),
    'patch.patch',
    'must be an object, got undefined',
  ],
  [
    'a BigInt in a merge patch',
    (c) => c.patch(ConfigMap, 'bad', { type: 'merge', patch: { data: { n: 1n } } }, { namespace: NS }),
    'patch.patch.data.n',
    'BigInt',
  ],
  [
    'a BigInt in a JSON patch',
    (c) =>
      c.patch(
        ConfigMap,
        'bad',
        { type: 'json', operations: [{ op: 'add', path: '/data/n', value: 1n }] },
        {
          namespace: NS,
        },
      ),
    'patch.operations[0].value',
    'BigInt',
  ],
  [
    'a cycle in a status update',
    (c) => c.status().update(innerCycle(), { unconditional: true }),
    'data.loop',
    'refers back to data',
  ],
  [
    'a BigInt in a status patch',
    (c) => c.status().patch(ConfigMap, 'bad', { type: 'merge', patch: { status: { n: 1n } } }, { namespace: NS }),
    'patch.patch.status.n',
    'BigInt',
  ],
  [
    'a BigInt in a subresource body',
    (c) => c.subResource('status').update(ConfigMap, 'bad', configMap({ data: { n: 2n } }), { namespace: NS }),
    'data.n',
    'BigInt',
  ],
  [
    'a subresource body that is not an object',
    (c) => c.subResource('status').update(ConfigMap, 'bad', bad(null), { namespace: NS }),
    'body',
    'got null',
  ],
  [
    'a BigInt grace period in deleteAllOf',
    (c) => c.deleteAllOf(ConfigMap, { namespace: NS, gracePeriodSeconds: bad(1n) }),
    'options.gracePeriodSeconds',
    'must be an integer',
  ],
  [
    'a Symbol precondition in delete',
    (c) => c.delete(ConfigMap, 'bad', { namespace: NS, preconditions: { uid: bad(Symbol('u')) } }),
    'options.preconditions.uid',
    'must be a string',
  ],
  ['a null kind', (c) => c.get(bad<KindRef>(null), 'bad', { namespace: NS }), 'kind', 'got null'],
];

/** Runs one case: an `InvalidInputError` on `field`, with `says` in its message. */
async function expectRefused(call: () => Promise<unknown>, field: string, says: string): Promise<void> {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidInputError);
  expect(isInvalidInput(err)).toBe(true);
  expect(err).toMatchObject({ field, retryable: false });
  expect((err as Error).message).toContain(`${field}: `);
  expect((err as Error).message).toContain(says);
}

describe('bad input through Client (FakeApiServer)', () => {
  let server: FakeApiServer;
  let client: Client;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    client = new Client({ kubeConfig: server.kubeConfig });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await client.create(configMap());
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it.each(cases)('refuses %s, naming the field, and sends nothing', async (_what, call, field, says) => {
    const before = client.stats.attempts;
    await expectRefused(() => call(client), field, says);
    expect(client.stats.attempts).toBe(before);
  });

  it('sends an object that holds one value twice (no cycle) and dates as JSON does', async () => {
    const labels = { app: 'shared' };
    const created = await client.create(
      configMap({
        metadata: { name: 'shared', namespace: NS, labels, annotations: labels },
        data: { when: new Date(0) },
      }),
    );
    expect(created.metadata).toMatchObject({ labels, annotations: labels });
    expect((created as { data?: unknown }).data).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });
});

describe('bad input through CachedClient', () => {
  let server: FakeApiServer;
  let client: Client;
  let cached: CachedClient;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    client = new Client({ kubeConfig: server.kubeConfig });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await client.create(configMap());
    cached = new CachedClient({ client, cache: new InformerCache({ client }) });
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it.each(cases)('refuses %s, naming the field, and sends nothing', async (_what, call, field, says) => {
    const before = client.stats.attempts;
    await expectRefused(() => call(cached as unknown as Client), field, says);
    expect(client.stats.attempts).toBe(before);
  });
});

describe('bad input through FakeClient', () => {
  let fake: FakeClient;
  beforeAll(async () => {
    fake = await FakeClient.create({
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, configMap({ data: { v: '1' } })],
    });
  });
  afterAll(() => fake?.close());

  it.each(cases)('refuses %s, naming the field, and stores nothing', async (_what, call, field, says) => {
    const before = await fake.list(ConfigMap, { namespace: NS });
    await expectRefused(() => call(fake as unknown as Client), field, says);
    expect(await fake.list(ConfigMap, { namespace: NS })).toEqual(before);
  });

  it('refuses seed objects JSON cannot carry, naming the object', async () => {
    const err = await FakeClient.create({ objects: [configMap({ data: { n: 1n } })] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'InvalidInput', field: 'objects[0].data.n' });
  });
});
