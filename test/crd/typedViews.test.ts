/**
 * Typed views at run time on the in-memory servers: through `FakeClient`, and through `Client`,
 * the informer cache, `CachedClient` and a manager on `FakeApiServer`. The same cases run on the
 * real kube-apiserver in typedViews.integration.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { CodecError, defineKind, isInvalidInput, type KubeObject } from '@kubekit/core';
import { FakeApiServer, FakeClient } from '@kubekit/testing';
import { z } from 'zod';
import { AppConfig, typedViewCacheCases, typedViewClientCases, type ViewClient } from './typedViewCases.js';

const NAMESPACE = 'typed-views';
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } };

describe('typed views through FakeClient', () => {
  let fake: FakeClient;
  beforeAll(async () => {
    fake = await FakeClient.create({ objects: [namespace] });
  });
  afterAll(() => fake?.close());
  typedViewClientCases(() => ({ client: fake as unknown as ViewClient, namespace: NAMESPACE }));
});

describe('typed views on FakeApiServer', () => {
  let server: FakeApiServer;
  let client: Client;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    client = new Client({ kubeConfig: server.kubeConfig, qps: 0 });
    await client.create(namespace);
    await client.create({ ...namespace, metadata: { name: `${NAMESPACE}-cache` } });
    expect(await client.get(builtinKinds.Namespace, NAMESPACE)).toBeDefined();
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });
  describe('Client', () => {
    typedViewClientCases(() => ({ client, namespace: NAMESPACE }));
  });
  describe('cache, cached client and manager', () => {
    typedViewCacheCases(() => ({ kubeConfig: server.kubeConfig, namespace: `${NAMESPACE}-cache` }));
  });
});

describe('the kind descriptor contract through FakeClient', () => {
  const schema = z.looseObject({
    apiVersion: z.literal('v1'),
    kind: z.literal('ConfigMap'),
    metadata: z.looseObject({ name: z.string() }),
    data: z.object({ hosts: z.array(z.string().min(1)) }),
  });
  /** A hand-written descriptor: `data.hosts` is JSON on the wire, a list in the program. */
  const Hosts = defineKind<z.output<typeof schema>>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    scope: 'Namespaced',
    decode: (wire) => {
      const data = (wire as { data?: Record<string, string> }).data ?? {};
      return schema.parse({ ...wire, data: { hosts: JSON.parse(data.hosts ?? '[]') } });
    },
    encode: (value) => ({ ...value, data: { hosts: JSON.stringify(value.data.hosts) } }) as KubeObject,
  });
  const hosts = (name: string, value: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { hosts: value },
  });

  it('decodes reads and encodes writes of a descriptor made with defineKind', async () => {
    using fake = await FakeClient.create();
    const created = await fake.create(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h', namespace: 'default' }, data: { hosts: ['a'] } },
      { kind: Hosts },
    );
    expect(created.data.hosts).toEqual(['a']);
    expect((await fake.get(builtinKinds.ConfigMap, 'h', { namespace: 'default' })).data).toEqual({ hosts: '["a"]' });
    expect((await fake.get(Hosts, 'h', { namespace: 'default' })).data.hosts).toEqual(['a']);
  });

  it('names the field of a zod failure, list indexes included', async () => {
    using fake = await FakeClient.create({ objects: [hosts('bad', '["a", ""]')] });
    const err = await fake.get(Hosts, 'bad', { namespace: 'default' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecError);
    expect(err).toMatchObject({ reason: 'Decode', path: 'data.hosts[1]', object: { name: 'bad' } });
  });

  it('ends a watch through a view with the CodecError of the first object that does not fit', async () => {
    using fake = await FakeClient.create({
      objects: [hosts('a-good', '["a"]'), hosts('b-bad', 'not json')],
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of fake.watch(Hosts, {
        namespace: 'default',
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
      })) {
        if (e.type === 'ADDED') seen.push(e.object.metadata.name);
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a-good']);
    expect(err).toMatchObject({ reason: 'Decode', object: { name: 'b-bad' } });
  });

  it('refuses a write whose object names another kind than its kind option, before sending', async () => {
    using fake = await FakeClient.create();
    const err = await fake
      .create(hosts('x', '[]') as never, { kind: builtinKinds.Secret as never })
      .catch((e: unknown) => e);
    expect(isInvalidInput(err)).toBe(true);
    expect(err).toMatchObject({ field: 'kind' });
    // a view that cannot encode the object refuses it too (its kind is a literal)
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: {} };
    await expect(fake.create(secret as never, { kind: AppConfig })).rejects.toMatchObject({
      reason: 'Encode',
      path: 'kind',
    });
  });
});
